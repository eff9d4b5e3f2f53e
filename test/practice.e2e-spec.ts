import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addDays, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { Transactions } from '../src/database/transactions';
import { LedgerService } from '../src/ledger/ledger.service';
import { PracticeEntry } from '../src/practice/practice-entry.entity';
import { browser, csrfFrom, makeUser, mainText, startTestApp, TestApp, signedIn } from './support/test-app';

let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
let student: Person, otherStudent: Person, supervisor: Person, secondSupervisor: Person, otherSupervisor: Person, coordinator: Person, employer: Person;
let enrolmentId: number;
let cohortId: number;
let otherEnrolmentId: number;
let placementId: number;
let category: string;
const start = addDays(today(), -30);

beforeAll(async () => {
  t = await startTestApp();
  const placement = await t.users.createOrganisation('Brygga recoverysenter');
  placementId = placement.id;
  student = await makeUser(t, ['student'], { name: 'Sara Student' });
  otherStudent = await makeUser(t, ['student'], { name: 'Olav Other' });
  supervisor = await makeUser(t, ['supervisor'], { name: 'Per Supervisor' });
  secondSupervisor = await makeUser(t, ['supervisor'], { name: 'Siv Second' });
  otherSupervisor = await makeUser(t, ['supervisor'], { name: 'Otto Othersupervisor' });
  coordinator = await makeUser(t, ['coordinator']);
  employer = await makeUser(t, ['employer'], { organisationId: placement.id });
  const version = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
  category = version.content.practice.categories[0].key;
  const cohorts = t.app.get(CohortSetupService);
  const cohort = await cohorts.create({ name: 'Praksiskullet', curriculumVersionId: version.id, startDate: start, coordinatorIds: [coordinator.id] });
  cohortId = cohort.id;
  enrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: student.id, supervisorIds: [supervisor.id, secondSupervisor.id], employerOrganisationId: placement.id })).id;
  otherEnrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: otherStudent.id, supervisorIds: [otherSupervisor.id] })).id;
});

afterAll(async () => {
  await t.close();
});

const as = (user: { email: string }) => signedIn(t, user);

function entryForm(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  const all = { date: addDays(today(), -1), hours: '2', placement: String(placementId), category, description: 'Deltok i samtalegruppe.', action: 'submit', ...fields };
  for (const [key, value] of Object.entries(all)) for (const v of ([] as string[]).concat(value)) params.append(key, v);
  return params.toString();
}

async function logEntry(agent: ReturnType<typeof browser>, fields: Record<string, string | string[]> = {}): Promise<number> {
  const page = await agent.get(`/enrolments/${enrolmentId}/practice/new`);
  const res = await agent.post(`/enrolments/${enrolmentId}/practice`).type('form').send(entryForm({ _csrf: csrfFrom(page.text), ...fields }));
  if (res.status !== 303) throw new Error(`Logging failed with ${res.status}: ${mainText(res.text).slice(0, 300)}`);
  return Number(res.headers.location.split('/').pop());
}

const stateOf = async (id: number) => (await t.dataSource.getRepository(PracticeEntry).findOneByOrFail({ id })).state;

describe('the student logs practice', () => {
  it('submits an entry and sees it waiting, counted as pending', async () => {
    const agent = await as(student);
    const id = await logEntry(agent, { hours: '2,5', reflection: 'Jeg brukte min egen erfaring.', themes: ['chime.hope'] });
    const page = mainText((await agent.get(`/practice/${id}`)).text);
    expect(page).toContain('Til godkjenning');
    expect(page).toContain('Sendt til godkjenning av Sara Student');
    const log = mainText((await agent.get(`/enrolments/${enrolmentId}/practice`)).text);
    expect(log).toContain('I tillegg venter 2,5 timer på godkjenning.');
  });

  it('shows a fresh form without any error', async () => {
    const page = await (await as(student)).get(`/enrolments/${enrolmentId}/practice/new`);
    expect(page.text).not.toContain('error-summary');
    expect(page.text).not.toMatch(/<title>Feil:/);
  });

  it('explains each broken rule beside its field and keeps what was typed', async () => {
    const agent = await as(student);
    const page = await agent.get(`/enrolments/${enrolmentId}/practice/new`);
    const res = await agent
      .post(`/enrolments/${enrolmentId}/practice`)
      .type('form')
      .send(entryForm({ _csrf: csrfFrom(page.text), date: addDays(today(), 1), hours: '1,1', category: 'cooking', description: 'Ringte brukeren på 987 65 432 etterpå' }));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="date-error">[\s\S]*kan ikke være fram i tid/);
    expect(res.text).toMatch(/id="hours-error">[\s\S]*hele kvarter/);
    expect(res.text).toMatch(/id="category-error">[\s\S]*Velg en type praksis fra listen/);
    expect(res.text).toMatch(/id="description-error">[\s\S]*telefonnummer/);
    expect(res.text).toContain('Ringte brukeren på 987 65 432 etterpå</textarea>');
    expect(res.text).toMatch(/id="hours"[^>]*value="1,1"/);
  });

  it.each([
    [{ date: addDays(start, -1) }, 'date', 'innenfor programmet'],
    [{ hours: '0' }, 'hours', 'mer enn null'],
    [{ hours: '12,25' }, 'hours', 'Høyst 12 timer i én føring'],
    [{ description: '   ' }, 'description', 'Beskriv hva du gjorde'],
    [{ description: 'Fulgte opp 01010112377' }, 'description', 'fødselsnummer'],
    [{ description: 'Sendte referatet til ola.nordmann@example.no' }, 'description', 'e-postadresse'],
    [{ placement: '999999' }, 'placement', 'Velg et praksissted fra listen'],
  ])('refuses %p', async (fields, field, message) => {
    const agent = await as(student);
    const page = await agent.get(`/enrolments/${enrolmentId}/practice/new`);
    const res = await agent.post(`/enrolments/${enrolmentId}/practice`).type('form').send(entryForm({ _csrf: csrfFrom(page.text), ...fields }));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(new RegExp(`id="${field}-error">[\\s\\S]*${message}`));
  });

  it('allows at most 16 hours on one day across entries', async () => {
    const agent = await as(student);
    const date = addDays(today(), -3);
    await logEntry(agent, { date, hours: '12' });
    const page = await agent.get(`/enrolments/${enrolmentId}/practice/new`);
    const res = await agent.post(`/enrolments/${enrolmentId}/practice`).type('form').send(entryForm({ _csrf: csrfFrom(page.text), date, hours: '4,25' }));
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('Du har allerede ført 12 timer denne dagen');
    await logEntry(agent, { date, hours: '4' });
  });

  it('keeps drafts, submits several at once from the log, and withdraws one nobody has handled', async () => {
    const agent = await as(student);
    const first = await logEntry(agent, { action: 'draft', date: addDays(today(), -5) });
    const second = await logEntry(agent, { action: 'draft', date: addDays(today(), -6) });
    expect(await stateOf(first)).toBe('draft');
    const log = await agent.get(`/enrolments/${enrolmentId}/practice?state=draft`);
    expect(mainText(log.text)).toContain('Utkast');
    const res = await agent.post(`/enrolments/${enrolmentId}/practice/submit`).type('form').send(`_csrf=${csrfFrom(log.text)}&entries=${first}&entries=${second}`);
    expect(res.status).toBe(303);
    expect(mainText((await agent.get(res.headers.location)).text)).toContain('Sendt til godkjenning: 2.');
    expect([await stateOf(first), await stateOf(second)]).toEqual(['submitted', 'submitted']);

    await agent.post(`/practice/${second}/withdraw`).type('form').send({ _csrf: csrfFrom(log.text) });
    expect(await stateOf(second)).toBe('draft');
  });
});

describe('the supervisor decides', () => {
  it('sees submitted entries of their students in a queue, oldest first, without unshared reflections', async () => {
    const agent = await as(student);
    const older = await logEntry(agent, { date: addDays(today(), -20), description: 'Eldste føring', reflection: 'Privat tanke', themes: ['chime.hope'] });
    await logEntry(agent, { date: addDays(today(), -19), hours: '1,75', description: 'Delt føring', reflection: 'Delt tanke', themes: ['chime.hope'], shareReflection: 'yes' });
    const queue = await (await as(supervisor)).get('/supervision/queue');
    const text = mainText(queue.text);
    expect(text).toContain('Sara Student');
    expect(text).not.toContain('Olav Other');
    expect(text).not.toContain('Privat tanke');
    // A reflection the student chose to share is shown, with the entry's hours and the category's title.
    expect(text).toContain('Delt tanke');
    expect(text).toContain('1,75 t Individuelle samtaler og støtte Delt føring Delt refleksjon: Delt tanke');
    const ids = [...queue.text.matchAll(/name="entries" value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids).toContain(older);
    // Oldest submitted first.
    const submittedAt = await Promise.all(ids.map(async (id) => (await t.dataSource.getRepository(PracticeEntry).findOneByOrFail({ id })).submittedAt!.getTime()));
    expect(submittedAt).toEqual([...submittedAt].sort((a, b) => a - b));
  });

  it('shows a long queue fifty entries at a time, oldest first, with every entry on exactly one page', async () => {
    // A supervisor of their own, so that only these entries wait for them.
    const queueSupervisor = await makeUser(t, ['supervisor'], { name: 'Kari Køveileder' });
    const queueStudent = await makeUser(t, ['student'], { name: 'Kim Kø' });
    const queueEnrolment = (await t.app.get(CohortSetupService).enrol({ cohortId, studentId: queueStudent.id, supervisorIds: [queueSupervisor.id] })).id;
    const base = Date.now() - 60 * 86_400_000;
    const entries = Array.from({ length: 53 }, (_, i) => ({
      enrolmentId: queueEnrolment,
      date: addDays(today(), -2),
      quarterHours: 4,
      placementId,
      category,
      description: `Køføring ${i + 1}`,
      state: 'submitted' as const,
      // Submitted in the opposite order of their ids: the queue goes by submission time.
      submittedAt: new Date(base + (53 - i) * 60_000),
    }));
    const ids: number[] = [];
    for (const entry of entries) ids.push(Number((await t.dataSource.getRepository(PracticeEntry).insert(entry)).identifiers[0].id));
    const oldestFirst = [...ids].reverse();
    const agent = await as(queueSupervisor);
    const idsOn = (html: string) => [...html.matchAll(/name="entries" value="(\d+)"/g)].map((m) => Number(m[1]));

    const first = await agent.get('/supervision/queue');
    expect(mainText(first.text)).toContain('Viser 1–50 av 53 innsendte føringer.');
    expect(mainText(first.text)).toContain('Side 1 av 2');
    expect(first.text).toContain('<nav aria-label="Sider i køen">');
    expect(idsOn(first.text)).toEqual(oldestFirst.slice(0, 50));
    expect(first.text).toContain('href="?page=2"');
    expect(first.text).not.toContain('Forrige side');

    const second = await agent.get('/supervision/queue?page=2');
    expect(mainText(second.text)).toContain('Viser 51–53 av 53 innsendte føringer.');
    expect(idsOn(second.text)).toEqual(oldestFirst.slice(50));
    expect(second.text).toContain('href="?page=1"');
    expect(second.text).not.toContain('Neste side');

    // A page past the end, or no number at all, shows the nearest page rather than an empty queue.
    expect(idsOn((await agent.get('/supervision/queue?page=9')).text)).toEqual(oldestFirst.slice(50));
    expect(idsOn((await agent.get('/supervision/queue?page=abc')).text)).toEqual(oldestFirst.slice(0, 50));

    // The student's log, seen by the supervisor, pages the same way: newest first, and never an empty page.
    const logIds = (html: string) => [...html.matchAll(/href="\/practice\/(\d+)"/g)].map((m) => Number(m[1]));
    const newestFirst = [...ids].sort((a, b) => b - a);
    expect(logIds((await agent.get(`/enrolments/${queueEnrolment}/practice`)).text)).toEqual(newestFirst.slice(0, 50));
    const pastTheEnd = await agent.get(`/enrolments/${queueEnrolment}/practice?page=9`);
    expect(logIds(pastTheEnd.text)).toEqual(newestFirst.slice(50));
    expect(pastTheEnd.text).toContain('href="?page=1"');

    // Approving from the first page moves the later entries up.
    await agent.post('/supervision/queue/approve').type('form').send(`_csrf=${csrfFrom(first.text)}&${oldestFirst.slice(0, 3).map((id) => `entries=${id}`).join('&')}`);
    const after = await agent.get('/supervision/queue');
    expect(mainText(after.text)).toContain('Viser 1–50 av 50 innsendte føringer.');
    expect(idsOn(after.text)).toEqual(oldestFirst.slice(3));
    expect(after.text).not.toContain('<nav aria-label="Sider i køen">');
  });

  it('approves; the entry is locked for everyone', async () => {
    const studentAgent = await as(student);
    const id = await logEntry(studentAgent);
    const agent = await as(supervisor);
    const page = await agent.get(`/practice/${id}`);
    expect((await agent.post(`/practice/${id}/approve`).type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(303);
    expect(await stateOf(id)).toBe('approved');
    expect(mainText((await studentAgent.get(`/practice/${id}`)).text)).toContain('Godkjent av Per Supervisor');
    expect((await studentAgent.get(`/practice/${id}/edit`)).status).toBe(409);
    const token = csrfFrom((await studentAgent.get('/')).text);
    expect((await studentAgent.post(`/practice/${id}`).type('form').send(entryForm({ _csrf: token, version: '2', hours: '9' }))).status).toBe(409);
    expect((await studentAgent.post(`/practice/${id}/withdraw`).type('form').send({ _csrf: token })).status).toBe(409);
    expect((await t.dataSource.getRepository(PracticeEntry).findOneByOrFail({ id })).quarterHours).toBe(8);
  });

  it('returns with a required comment; the student edits and submits again', async () => {
    const studentAgent = await as(student);
    const id = await logEntry(studentAgent);
    const agent = await as(supervisor);
    const page = await agent.get(`/practice/${id}`);
    const noComment = await agent.post(`/practice/${id}/return`).type('form').send({ _csrf: csrfFrom(page.text), comment: ' ' });
    expect(noComment.status).toBe(400);
    expect(noComment.text).toMatch(/id="comment-error">[\s\S]*Skriv hva deltakeren må rette/);
    await agent.post(`/practice/${id}/return`).type('form').send({ _csrf: csrfFrom(page.text), comment: 'Skriv mer om din rolle.' });
    const seen = await studentAgent.get(`/practice/${id}`);
    expect(mainText(seen.text)).toContain('Skriv mer om din rolle.');
    const edit = await studentAgent.get(`/practice/${id}/edit`);
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1];
    const res = await studentAgent.post(`/practice/${id}`).type('form').send(entryForm({ _csrf: csrfFrom(edit.text), version, description: 'Jeg ledet gruppen og delte min historie.' }));
    expect(res.status).toBe(303);
    expect(await stateOf(id)).toBe('submitted');
  });

  it('revokes an approval with a required reason; the history shows both acts', async () => {
    const id = await logEntry(await as(student));
    const agent = await as(supervisor);
    let page = await agent.get(`/practice/${id}`);
    await agent.post(`/practice/${id}/approve`).type('form').send({ _csrf: csrfFrom(page.text) });
    page = await agent.get(`/practice/${id}`);
    const noReason = await agent.post(`/practice/${id}/revoke`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(noReason.status).toBe(400);
    expect(mainText(noReason.text)).toContain('Skriv hvorfor godkjenningen trekkes tilbake.');
    await agent.post(`/practice/${id}/revoke`).type('form').send({ _csrf: csrfFrom(page.text), reason: 'Timene var ført på feil dato.' });
    expect(await stateOf(id)).toBe('returned');
    const history = mainText((await (await as(student)).get(`/practice/${id}`)).text);
    expect(history).toMatch(/Sendt til godkjenning av Sara Student[\s\S]*Godkjent av Per Supervisor[\s\S]*Godkjenning trukket tilbake av Per Supervisor[\s\S]*Timene var ført på feil dato\./);
  });

  it('approves several chosen entries at once, without JavaScript', async () => {
    const studentAgent = await as(student);
    const a = await logEntry(studentAgent, { date: addDays(today(), -10) });
    const b = await logEntry(studentAgent, { date: addDays(today(), -11) });
    const agent = await as(supervisor);
    const queue = await agent.get('/supervision/queue');
    const res = await agent.post('/supervision/queue/approve').type('form').send(`_csrf=${csrfFrom(queue.text)}&entries=${a}&entries=${b}`);
    expect(res.status).toBe(303);
    expect(mainText((await agent.get('/supervision/queue')).text)).toContain('Godkjent: 2.');
    expect([await stateOf(a), await stateOf(b)]).toEqual(['approved', 'approved']);
  });

  it('lets exactly one of two supervisors acting at the same moment succeed, and tells the other', async () => {
    const id = await logEntry(await as(student));
    const [first, second] = await Promise.all([as(supervisor), as(secondSupervisor)]);
    const [firstToken, secondToken] = [csrfFrom((await first.get(`/practice/${id}`)).text), csrfFrom((await second.get(`/practice/${id}`)).text)];
    const [approve, returned] = await Promise.all([
      first.post(`/practice/${id}/approve`).type('form').send({ _csrf: firstToken }),
      second.post(`/practice/${id}/return`).type('form').send({ _csrf: secondToken, comment: 'Mangler beskrivelse.' }),
    ]);
    const outcomes = [approve.status, returned.status];
    const decisions = (await t.app.get(LedgerService).history('practice_entry', id)).filter((r) => r.action !== 'practice.submit');
    expect(decisions).toHaveLength(1);
    if (decisions[0].action === 'practice.approve') {
      expect(outcomes).toEqual([303, 409]);
      expect(mainText(returned.text)).toContain('Noen andre har endret dette');
      expect(await stateOf(id)).toBe('approved');
    } else {
      expect(returned.status).toBe(303);
      expect(mainText((await first.get(approve.headers.location)).text)).toContain('ble ikke endret fordi noen andre hadde endret dem');
      expect(await stateOf(id)).toBe('returned');
    }
  });
});

describe('the queue after a change', () => {
  // A supervisor and student of their own, so that only these entries wait in this queue.
  let keeper: Person, pupil: Person, pupilEnrolment: number;
  const rowsOf = (html: string) => /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  const waiting = async (fields: Partial<PracticeEntry> = {}) =>
    Number(
      (
        await t.dataSource.getRepository(PracticeEntry).insert({
          enrolmentId: pupilEnrolment,
          date: addDays(today(), -2),
          quarterHours: 4,
          placementId,
          category,
          description: 'Første føring',
          state: 'submitted',
          submittedAt: new Date(Date.now() - 3_600_000),
          ...fields,
        })
      ).identifiers[0].id,
    );

  beforeAll(async () => {
    keeper = await makeUser(t, ['supervisor'], { name: 'Kristin Kø' });
    pupil = await makeUser(t, ['student'], { name: 'Tor Tidlig' });
    pupilEnrolment = (await t.app.get(CohortSetupService).enrol({ cohortId, studentId: pupil.id, supervisorIds: [keeper.id] })).id;
  });

  it('shows every change on the next visit, whoever made it, and the same rows while nothing changes', async () => {
    const agent = await as(keeper);
    const queue = async () => (await agent.get('/supervision/queue')).text;
    expect(mainText(await queue())).toContain('Ingen timer venter på godkjenning.');

    const first = await waiting();
    const seen = await queue();
    expect(rowsOf(seen)).toContain('Første føring');
    expect(rowsOf(await queue())).toBe(rowsOf(seen));

    // A new entry, written by another server process straight into the database.
    const second = await waiting({ description: 'Andre føring', submittedAt: new Date() });
    expect(rowsOf(await queue())).toContain('Andre føring');
    await t.dataSource.query(`UPDATE practice_entries SET description = 'Endret føring' WHERE id = ${first}`);
    expect(rowsOf(await queue())).toContain('Endret føring');
    await t.dataSource.query(`UPDATE practice_entries SET reflection = 'Min refleksjon', reflection_shared = true WHERE id = ${first}`);
    expect(rowsOf(await queue())).toContain('Min refleksjon');
    await t.dataSource.query(`UPDATE practice_entries SET reflection_shared = false WHERE id = ${first}`);
    expect(rowsOf(await queue())).not.toContain('Min refleksjon');
    await t.dataSource.query(`UPDATE users SET name = 'Tor Tvedt' WHERE id = ${pupil.id}`);
    expect(rowsOf(await queue())).toContain('Tor Tvedt');

    // Approved through the app: the entry leaves the queue, the other stays.
    const page = await queue();
    await agent.post('/supervision/queue/approve').type('form').send(`_csrf=${csrfFrom(page)}&entries=${second}`);
    const after = await queue();
    expect(after).not.toContain(`value="${second}"`);
    expect(after).toContain(`value="${first}"`);
    await t.dataSource.query(`DELETE FROM practice_entries WHERE id = ${first}`);
    expect(mainText(await queue())).toContain('Ingen timer venter på godkjenning.');
  });

  it('writes the rows in the language of each visit', async () => {
    await waiting({ description: 'Språkføring', date: '2026-10-05' });
    const agent = await as(keeper);
    const home = await agent.get('/supervision/queue');
    expect(rowsOf(home.text)).toContain('5. oktober 2026');
    await agent.post('/locale').type('form').send({ _csrf: csrfFrom(home.text), locale: 'en', next: '/supervision/queue' });
    const english = await agent.get('/supervision/queue');
    expect(rowsOf(english.text)).toContain('5 October 2026');
    expect(rowsOf(english.text)).not.toContain('oktober');
    await agent.post('/locale').type('form').send({ _csrf: csrfFrom(english.text), locale: 'nb', next: '/supervision/queue' });
    expect(rowsOf((await agent.get('/supervision/queue')).text)).toContain('5. oktober 2026');
  });

  it("gives each of a supervisor's sessions its own form token, and never another supervisor's rows", async () => {
    const [one, two] = [await as(keeper), await as(keeper)];
    const pageOne = await one.get('/supervision/queue');
    const pageTwo = await two.get('/supervision/queue');
    expect(rowsOf(pageTwo.text)).toBe(rowsOf(pageOne.text));
    expect(csrfFrom(pageTwo.text)).not.toBe(csrfFrom(pageOne.text));
    const id = Number(/name="entries" value="(\d+)"/.exec(pageTwo.text)![1]);
    const res = await two.post('/supervision/queue/approve').type('form').send(`_csrf=${csrfFrom(pageTwo.text)}&entries=${id}`);
    expect(res.status).toBe(303);
    expect(await stateOf(id)).toBe('approved');

    const other = await (await as(otherSupervisor)).get('/supervision/queue');
    expect(other.text).not.toContain('Tor T');
  });
});

describe('approving many at once', () => {
  let bulkSupervisor: Person, bulkEnrolment: number;
  const submitted = async (enrolment: number, count: number): Promise<number[]> => {
    const rows = Array.from({ length: count }, (_, i) => ({
      enrolmentId: enrolment,
      date: addDays(today(), -1 - (i % 20)),
      quarterHours: 2,
      placementId,
      category,
      description: `Samtale nr. ${i + 1}`,
      state: 'submitted' as const,
      submittedAt: new Date(),
    }));
    const result = await t.dataSource.getRepository(PracticeEntry).insert(rows);
    return result.identifiers.map((row) => Number(row.id));
  };
  const approvals = async () => Number((await t.dataSource.query("SELECT COUNT(*) AS n FROM ledger_records WHERE action = 'practice.approve'"))[0].n);

  beforeAll(async () => {
    bulkSupervisor = await makeUser(t, ['supervisor'], { name: 'Berit Bulk' });
    const pupil = await makeUser(t, ['student'], { name: 'Mona Mange' });
    bulkEnrolment = (await t.app.get(CohortSetupService).enrol({ cohortId, studentId: pupil.id, supervisorIds: [bulkSupervisor.id] })).id;
  });

  it('asks the database the same number of questions for 50 entries as for one, and records each in the ledger', async () => {
    const agent = await as(bulkSupervisor);
    const [one, ...fifty] = await submitted(bulkEnrolment, 51);
    const spy = jest.spyOn(t.dataSource.logger, 'logQuery');
    const approve = async (entryIds: number[]) => {
      const page = await agent.get('/supervision/queue');
      spy.mockClear();
      const res = await agent.post('/supervision/queue/approve').type('form').send(`_csrf=${csrfFrom(page.text)}&${entryIds.map((id) => `entries=${id}`).join('&')}`);
      expect(res.status).toBe(303);
      return spy.mock.calls.length;
    };
    const before = await approvals();
    const forOne = await approve([one]);
    const forFifty = await approve(fifty);
    spy.mockRestore();
    expect(forFifty).toBe(forOne);
    for (const id of [one, ...fifty]) expect(await stateOf(id)).toBe('approved');
    expect(await approvals()).toBe(before + 51);
    expect(await t.app.get(LedgerService).verify()).toMatchObject({ ok: true });
  });

  it("refuses a choice holding another supervisor's entry as not found, and approves none of it", async () => {
    const agent = await as(bulkSupervisor);
    const own = await submitted(bulkEnrolment, 2);
    const [foreign] = await submitted(otherEnrolmentId, 1);
    const before = await approvals();
    const page = await agent.get('/supervision/queue');
    const res = await agent.post('/supervision/queue/approve').type('form').send(`_csrf=${csrfFrom(page.text)}&entries=${own[0]}&entries=${foreign}&entries=${own[1]}`);
    expect(res.status).toBe(404);
    for (const id of [...own, foreign]) expect(await stateOf(id)).toBe('submitted');
    expect(await approvals()).toBe(before);
  });

  it('counts an entry someone else decided on first as changed, and approves the rest', async () => {
    const agent = await as(bulkSupervisor);
    const [first, second] = await submitted(bulkEnrolment, 2);
    await t.dataSource.query(`UPDATE practice_entries SET state = 'returned', return_comment = 'Mer detaljer' WHERE id = ${second}`);
    const page = await agent.get('/supervision/queue');
    const res = await agent.post('/supervision/queue/approve').type('form').send(`_csrf=${csrfFrom(page.text)}&entries=${first}&entries=${second}`);
    expect(res.status).toBe(303);
    expect([await stateOf(first), await stateOf(second)]).toEqual(['approved', 'returned']);
    const flash = mainText((await agent.get(res.headers.location)).text);
    expect(flash).toContain('ble ikke endret fordi noen andre hadde endret dem');
  });
});

describe('the ledger', () => {
  it('holds every decision in a chain that verifies, and names a tampered record', async () => {
    const ledger = t.app.get(LedgerService);
    expect(await ledger.verify()).toMatchObject({ ok: true });
    const [record] = await t.dataSource.query("SELECT id, sequence FROM ledger_records WHERE action = 'practice.approve' ORDER BY sequence LIMIT 1");
    const original = (await t.dataSource.query(`SELECT payload FROM ledger_records WHERE id = ${record.id}`))[0].payload;
    await t.dataSource.query(`UPDATE ledger_records SET payload = '${original.replace(/"quarterHours":(\d+)/, '"quarterHours":$10').replace(/'/g, "''")}' WHERE id = ${record.id}`);
    expect(await ledger.verify()).toMatchObject({ ok: false, firstBroken: { sequence: record.sequence } });
    await t.dataSource.query(`UPDATE ledger_records SET payload = '${original.replace(/'/g, "''")}' WHERE id = ${record.id}`);
    expect((await ledger.verify()).ok).toBe(true);
  });
});

describe('who may not see or touch an entry', () => {
  let entryId: number;
  let draftId: number;

  beforeAll(async () => {
    const agent = await as(student);
    entryId = await logEntry(agent, { reflection: 'Delt tanke', themes: ['chime.meaning'], shareReflection: 'yes', date: addDays(today(), -12) });
    draftId = await logEntry(agent, { action: 'draft', date: addDays(today(), -13) });
  });

  it('shows a shared reflection to the supervisor, but never a draft', async () => {
    const agent = await as(supervisor);
    expect(mainText((await agent.get(`/practice/${entryId}`)).text)).toContain('Delt tanke');
    expect((await agent.get(`/practice/${draftId}`)).status).toBe(404);
  });

  it.each([
    ['another student', () => otherStudent],
    ['another supervisor', () => otherSupervisor],
    ['the cohort coordinator', () => coordinator],
    ['the employer', () => employer],
  ])('answers %s with 404 and changes nothing', async (_who, person) => {
    const agent = await as(person());
    for (const path of [`/practice/${entryId}`, `/practice/${entryId}/edit`, `/enrolments/${enrolmentId}/practice`, `/enrolments/${enrolmentId}/practice/new`]) {
      expect([path, (await agent.get(path)).status]).toEqual([path, 404]);
    }
    const token = csrfFrom((await agent.get('/')).text);
    for (const path of [`/practice/${entryId}/approve`, `/practice/${entryId}/return`, `/practice/${entryId}/withdraw`, `/practice/${draftId}/submit`]) {
      expect([path, (await agent.post(path).type('form').send({ _csrf: token, comment: 'x' })).status]).toEqual([path, 404]);
    }
    expect((await agent.post(`/enrolments/${enrolmentId}/practice`).type('form').send(entryForm({ _csrf: token }))).status).toBe(404);
    expect(await stateOf(entryId)).toBe('submitted');
    expect(await stateOf(draftId)).toBe('draft');
  });

  it("will not approve an entry of a student who is not yours, even from the queue's bulk form", async () => {
    const agent = await as(otherSupervisor);
    const queue = await agent.get('/supervision/queue');
    expect(mainText(queue.text)).not.toContain('Sara Student');
    expect((await agent.post('/supervision/queue/approve').type('form').send(`_csrf=${csrfFrom(queue.text)}&entries=${entryId}`)).status).toBe(404);
    expect(await stateOf(entryId)).toBe('submitted');
  });

  it('does not let a student approve their own entry', async () => {
    const agent = await as(student);
    const token = csrfFrom((await agent.get('/')).text);
    expect((await agent.post(`/practice/${entryId}/approve`).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await agent.get('/supervision/queue')).status).toBe(404);
  });

  it('keeps the other student out of this log and this student out of theirs', async () => {
    expect((await (await as(student)).get(`/enrolments/${otherEnrolmentId}/practice`)).status).toBe(404);
  });
});

describe('many people at once', () => {
  it('takes 50 simultaneous submissions and then 50 simultaneous approvals with no lost write and no busy database', async () => {
    const repo = t.dataSource.getRepository(PracticeEntry);
    const before = await repo.count({ where: { enrolmentId, state: 'approved' } });
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) {
      const result = await repo.insert({
        enrolmentId, date: addDays(start, i % 28), quarterHours: 4, placementId, category, description: `Føring ${i}`, state: 'draft',
      });
      ids.push(Number(result.identifiers[0].id));
    }
    const studentAgent = await as(student);
    const token = csrfFrom((await studentAgent.get('/')).text);
    const submits = await Promise.all(ids.map((id) => studentAgent.post(`/practice/${id}/submit`).type('form').send({ _csrf: token })));
    expect(submits.map((r) => r.status)).toEqual(ids.map(() => 303));

    const supervisorAgent = await as(supervisor);
    const supervisorToken = csrfFrom((await supervisorAgent.get('/')).text);
    const approvals = await Promise.all(ids.map((id) => supervisorAgent.post(`/practice/${id}/approve`).type('form').send({ _csrf: supervisorToken })));
    expect(approvals.map((r) => r.status)).toEqual(ids.map(() => 303));

    expect(await repo.count({ where: { enrolmentId, state: 'approved' } })).toBe(before + 50);
    const ledger = t.app.get(LedgerService);
    const records = await ledger.historyForEnrolment(enrolmentId);
    for (const id of ids) {
      expect(records.filter((r) => r.subjectId === id).map((r) => r.action)).toEqual(['practice.submit', 'practice.approve']);
    }
    expect((await ledger.verify()).ok).toBe(true);
    // The totals page agrees with the rows.
    const [{ sum }] = await t.dataSource.query(`SELECT SUM(quarter_hours) AS sum FROM practice_entries WHERE enrolment_id = ${enrolmentId} AND state = 'approved'`);
    const log = mainText((await studentAgent.get(`/enrolments/${enrolmentId}/practice`)).text);
    expect(log).toContain(`${String(Number(sum) / 4).replace('.', ',')} av`);
    expect(t.app.get(Transactions)).toBeDefined();
  });
});
