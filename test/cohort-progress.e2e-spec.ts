import request from 'supertest';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addDays, addMonths, today } from '../src/common/dates';
import { NavCounts } from '../src/common/nav-counts';
import { CurriculaService } from '../src/curricula/curricula.service';
import type { CurriculumModule } from '../src/curricula/curriculum.types';
import { makeUser, mainText, startTestApp, TestApp, signedIn } from './support/test-app';

let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
let coordinator: Person, otherCoordinator: Person, supervisor: Person, employer: Person, admin: Person;
let ase: Person, bjorn: Person, formula: Person;
let cohortId: number;
let aseId: number, bjornId: number, formulaId: number;
let placementId: number;
let signOffModules: CurriculumModule[];
let start: string;

const FORMULA_NAME = '=SUM("Kika";1)';

async function practice(enrolmentId: number, date: string, hours: number, state = 'approved', category = 'individual-support') {
  await t.dataSource.query(
    `INSERT INTO practice_entries (enrolment_id, date, quarter_hours, placement_id, category, description, state) VALUES (${enrolmentId}, '${date}', ${hours * 4}, ${placementId}, '${category}', 'Praksis', '${state}')`,
  );
}

async function signOff(enrolmentId: number, moduleKey: string) {
  await t.dataSource.query(`INSERT INTO module_signoffs (enrolment_id, module_key, decision, decided_by) VALUES (${enrolmentId}, '${moduleKey}', 'signed_off', ${supervisor.id})`);
}

async function attend(enrolmentId: number, statuses: string[]) {
  const days: { id: number }[] = await t.dataSource.query(`SELECT id FROM teaching_days WHERE cohort_id = ${cohortId} ORDER BY date LIMIT ${statuses.length}`);
  for (const [i, day] of days.entries()) {
    await t.dataSource.query(`INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by) VALUES (${day.id}, ${enrolmentId}, '${statuses[i]}', ${coordinator.id})`);
  }
}

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Coordinator' });
  otherCoordinator = await makeUser(t, ['coordinator'], { name: 'Other Coordinator' });
  supervisor = await makeUser(t, ['supervisor'], { name: 'Per Supervisor' });
  admin = await makeUser(t, ['admin'], { name: 'Ada Admin' });
  const organisation = await t.users.createOrganisation('Fjordvik kommune');
  placementId = organisation.id;
  employer = await makeUser(t, ['employer'], { name: 'Eva Employer', organisationId: organisation.id });
  ase = await makeUser(t, ['student'], { name: 'Åse Ødegård' });
  bjorn = await makeUser(t, ['student'], { name: 'Bjørn Bakke' });
  formula = await makeUser(t, ['student'], { name: FORMULA_NAME });

  const version = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
  signOffModules = version.content.modules.filter((m) => m.signOff);
  const cohorts = t.app.get(CohortSetupService);
  // Day 70 of 105: week 11 of 15. The pace expects 90 h × 70/105 = 60 h by now; behind below 45 h.
  start = addDays(today(), -70);
  cohortId = (await cohorts.create({ name: 'Testkullet', curriculumVersionId: version.id, startDate: start, coordinatorIds: [coordinator.id] })).id;
  aseId = (await cohorts.enrol({ cohortId, studentId: ase.id, supervisorIds: [supervisor.id], employerOrganisationId: organisation.id })).id;
  bjornId = (await cohorts.enrol({ cohortId, studentId: bjorn.id, supervisorIds: [] })).id;
  formulaId = (await cohorts.enrol({ cohortId, studentId: formula.id, supervisorIds: [] })).id;

  // Åse: 50 h approved, in step with every category's minimum, the two modules whose weeks ended long ago signed
  // off, every day attended.
  await practice(aseId, addDays(start, 2), 10, 'approved', 'group-activities');
  await practice(aseId, addDays(start, 15), 20);
  await practice(aseId, addDays(start, 65), 10, 'approved', 'team-collaboration');
  await practice(aseId, addDays(start, 65), 10, 'approved', 'supervision-and-reflection');
  // Bjørn: 20.5 h approved and 10 h waiting, the same modules signed off, half the days attended.
  await practice(bjornId, addDays(start, 3), 8);
  await practice(bjornId, addDays(start, 16), 12.5);
  await practice(bjornId, addDays(start, 60), 10, 'submitted');
  // The third: nothing approved (a draft and a returned entry do not count), nothing signed off.
  await practice(formulaId, addDays(start, 4), 5, 'draft');
  await practice(formulaId, addDays(start, 5), 3, 'returned');
  for (const id of [aseId, bjornId]) for (const m of signOffModules.slice(0, 2)) await signOff(id, m.key);
  await attend(aseId, ['present', 'present', 'excused', 'present']);
  await attend(bjornId, ['present', 'absent', 'present', 'absent']);
});

afterAll(async () => {
  await t.close();
});

const as = (user: { email: string }) => signedIn(t, user);

/** The visible text of the table row that links to this enrolment. */
function rowText(html: string, enrolmentId: number): string {
  const rows = html.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
  const row = rows.find((r) => r.includes(`href="/enrolments/${enrolmentId}"`));
  if (!row) throw new Error(`No row for enrolment ${enrolmentId}`);
  return mainText(row);
}

/** A URL as Handlebars writes it into an attribute. */
const attr = (url: string) => url.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;');

/** The enrolments in the order the students' table lists them. */
function order(html: string): number[] {
  return [...html.matchAll(/<th scope="row"><a href="\/enrolments\/(\d+)">/g)].map((m) => Number(m[1]));
}

/** The response body as bytes, whatever its type. */
function bytes(req: request.Test): Promise<request.Response & { body: Buffer }> {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  }) as unknown as Promise<request.Response & { body: Buffer }>;
}

describe('the cohort table', () => {
  it("shows each student's hours, attendance, modules, assignment and pace", async () => {
    const page = await (await as(coordinator)).get(`/cohorts/${cohortId}/progress`);
    expect(page.status).toBe(200);
    const ase = rowText(page.text, aseId);
    expect(ase).toContain('Åse Ødegård');
    expect(ase).toContain('50 t av 90 t');
    expect(ase).toContain('55 % av kravet');
    expect(ase).toContain('100 % (4 av 4 dager)');
    expect(ase).toContain(`2 av ${signOffModules.length}`);
    expect(ase).toContain('Ikke påkrevd');
    expect(ase).toContain('I rute');
    expect(ase).not.toContain('Etter skjema');

    const bjorn = rowText(page.text, bjornId);
    expect(bjorn).toContain('20,5 t av 90 t');
    expect(bjorn).toMatch(/20,5 t av 90 t .* 10 t /);
    expect(bjorn).toContain('50 % (2 av 4 dager) Under kravet på 80 %');
    expect(bjorn).toContain('Etter skjema');
    expect(bjorn).toContain('Timer: 20,5 t godkjent av 60 t som ventes nå');
    // All his hours are in one category: the categories with a minimum he has not begun are named.
    expect(bjorn.replace(/ ,/g, ',')).toContain('Under minstetimene så langt i: Gruppeaktiviteter, Samarbeid med ansatte og teammøter, Veiledning og refleksjon');
    expect(bjorn).not.toContain('Ikke signert i tide');

    const third = rowText(page.text, formulaId);
    expect(third).toContain('0 t av 90 t');
    expect(third).toContain('Ikke registrert ennå');
    expect(third).toContain(`0 av ${signOffModules.length}`);
    expect(third).toContain('Timer: 0 t godkjent av 60 t som ventes nå');
    expect(third.replace(/ ,/g, ',')).toContain(`Ikke signert i tide: ${signOffModules[0].title.nb}, ${signOffModules[1].title.nb}`);
    // The name is text, never markup.
    expect(page.text).toContain('&#x3D;SUM(&quot;Kika&quot;;1)');

    const text = mainText(page.text);
    expect(text).toContain('2 av 3 deltakere er etter skjema.');
    expect(text).toContain('færre enn 75 % av timene programmet venter innen nå');
    expect(text).toContain('Av kravet på 90 t ventes 60 t i dag.');
    expect(text).toContain('mer enn 14 dager etter at ukene for modulen var over');
    expect(page.text).toContain(`href="/cohorts/${cohortId}"`);
    expect(page.text).toContain(`href="/enrolments/${aseId}/progress-chart"`);
  });

  it('sorts by name by default and by hours both ways, with aria-sort on the sorted header', async () => {
    const agent = await as(coordinator);
    const byName = await agent.get(`/cohorts/${cohortId}/progress`);
    // Punctuation before letters, Å last: the Norwegian alphabet.
    expect(order(byName.text)).toEqual([formulaId, bjornId, aseId]);
    expect(byName.text).toContain(`<th scope="col" aria-sort="ascending"><a href="${attr(`/cohorts/${cohortId}/progress?sort=name&dir=desc`)}">Deltaker`);

    const up = await agent.get(`/cohorts/${cohortId}/progress?sort=hours&dir=asc`);
    expect(order(up.text)).toEqual([formulaId, bjornId, aseId]);
    expect(up.text).toContain(`<th scope="col" aria-sort="ascending"><a href="${attr(`/cohorts/${cohortId}/progress?sort=hours&dir=desc`)}">Godkjente timer`);
    expect(up.text.match(/aria-sort=/g)).toHaveLength(1);

    const down = await agent.get(`/cohorts/${cohortId}/progress?sort=hours&dir=desc`);
    expect(order(down.text)).toEqual([aseId, bjornId, formulaId]);
    expect(down.text).toContain(`<th scope="col" aria-sort="descending"><a href="${attr(`/cohorts/${cohortId}/progress?sort=hours&dir=asc`)}">`);

    const attendance = await agent.get(`/cohorts/${cohortId}/progress?sort=attendance&dir=desc`);
    expect(order(attendance.text)).toEqual([aseId, bjornId, formulaId]);
    const behind = await agent.get(`/cohorts/${cohortId}/progress?sort=behind&dir=desc`);
    expect(order(behind.text)).toEqual([formulaId, bjornId, aseId]);
  });

  it('filters to those behind and by name, and keeps the state in the export link and the sort links', async () => {
    const agent = await as(coordinator);
    const behind = await agent.get(`/cohorts/${cohortId}/progress?show=behind&sort=hours&dir=desc`);
    expect(order(behind.text)).toEqual([bjornId, formulaId]);
    expect(mainText(behind.text)).toContain('Viser 2 av 3 deltakere.');
    expect(behind.text).toContain(`href="${attr(`/cohorts/${cohortId}/progress.csv?sort=hours&dir=desc&show=behind`)}"`);
    expect(behind.text).toContain(`href="${attr(`/cohorts/${cohortId}/progress?sort=hours&dir=asc&show=behind`)}"`);
    expect(behind.text).toMatch(/<option value="behind" selected>/);
    // The filter form keeps the chosen order.
    expect(behind.text).toContain('<input type="hidden" name="sort" value="hours"><input type="hidden" name="dir" value="desc">');

    const named = await agent.get(`/cohorts/${cohortId}/progress?q=${encodeURIComponent('bjø')}`);
    expect(order(named.text)).toEqual([bjornId]);
    expect(named.text).toContain('value="bjø"');

    const none = await agent.get(`/cohorts/${cohortId}/progress?show=behind&q=${encodeURIComponent('Åse')}`);
    expect(order(none.text)).toEqual([]);
    expect(mainText(none.text)).toContain('Ingen deltakere passer til filteret.');
  });

  it('treats unknown sort keys and filters as the defaults', async () => {
    const page = await (await as(coordinator)).get(`/cohorts/${cohortId}/progress?sort=password&dir=up&show=everything`);
    expect(page.status).toBe(200);
    expect(order(page.text)).toHaveLength(3);
  });

  it('lets an administrator see it', async () => {
    expect((await (await as(admin)).get(`/cohorts/${cohortId}/progress`)).status).toBe(200);
  });

  it('asks the database the same number of questions however many students there are', async () => {
    const version = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
    const cohorts = t.app.get(CohortSetupService);
    const other = await cohorts.create({ name: 'Tellekullet', curriculumVersionId: version.id, startDate: start, coordinatorIds: [coordinator.id] });
    const agent = await as(coordinator);
    // The page's own questions: the navigation's counts are one statement on every page, counted in test/home.e2e-spec.ts.
    const navCounts = jest.spyOn(t.app.get(NavCounts), 'of').mockResolvedValue([]);
    const spy = jest.spyOn(t.dataSource.logger, 'logQuery');
    const count = async () => {
      spy.mockClear();
      expect((await agent.get(`/cohorts/${other.id}/progress`)).status).toBe(200);
      return spy.mock.calls.map((call) => String(call[0]));
    };
    const first = await makeUser(t, ['student']);
    const firstId = (await cohorts.enrol({ cohortId: other.id, studentId: first.id, supervisorIds: [] })).id;
    await practice(firstId, addDays(start, 1), 2);
    // The first view of this agent also stores its session; the second, after a change, is the one to compare.
    await count();
    await practice(firstId, addDays(start, 2), 1);
    const withOne = await count();
    for (let i = 0; i < 5; i++) {
      const student = await makeUser(t, ['student']);
      const id = (await cohorts.enrol({ cohortId: other.id, studentId: student.id, supervisorIds: [] })).id;
      await practice(id, addDays(start, 8 + i), 2);
      await signOff(id, signOffModules[0].key);
    }
    const withSix = await count();
    // With nothing changed since, the students' part is shown as it was kept, without adding anything up again.
    const unchanged = await count();
    spy.mockRestore();
    navCounts.mockRestore();
    expect(unchanged.filter((sql) => /practice_entries|attendance_records|module_signoffs/.test(sql))).toEqual([]);
    expect(withSix).toHaveLength(withOne.length);
    // Hours twice (by state, by date), attendance and sign-offs once each, for the whole cohort.
    expect(withSix.filter((sql) => /FROM ("?\w+"?\.)?"?practice_entries"?/.test(sql))).toHaveLength(2);
    expect(withSix.filter((sql) => /FROM ("?\w+"?\.)?"?attendance_records"?/.test(sql))).toHaveLength(1);
    expect(withSix.filter((sql) => /FROM ("?\w+"?\.)?"?module_signoffs"?/.test(sql))).toHaveLength(1);
  });
});

describe('after a change', () => {
  it('shows each change on the next view, whatever was changed, and the same page while nothing changes', async () => {
    const version = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
    const cohorts = t.app.get(CohortSetupService);
    const cohort = await cohorts.create({ name: 'Endringskullet', curriculumVersionId: version.id, startDate: start, coordinatorIds: [coordinator.id] });
    const student = await makeUser(t, ['student'], { name: 'Siri Sandvik' });
    const id = (await cohorts.enrol({ cohortId: cohort.id, studentId: student.id, supervisorIds: [] })).id;
    const agent = await as(coordinator);
    const page = async () => (await agent.get(`/cohorts/${cohort.id}/progress`)).text;
    const row = async () => rowText(await page(), id);

    const first = await page();
    expect(rowText(first, id)).toContain('0 t av 90 t');
    expect(await page()).toBe(first);
    await practice(id, addDays(start, 2), 4);
    expect(await row()).toContain('4 t av 90 t');
    await t.dataSource.query(`UPDATE practice_entries SET quarter_hours = 24 WHERE enrolment_id = ${id}`);
    expect(await row()).toContain('6 t av 90 t');
    await signOff(id, signOffModules[0].key);
    expect(await row()).toContain(`1 av ${signOffModules.length}`);
    await t.dataSource.query(`DELETE FROM module_signoffs WHERE enrolment_id = ${id}`);
    expect(await row()).toContain(`0 av ${signOffModules.length}`);

    const days: { id: number }[] = await t.dataSource.query(`SELECT id FROM teaching_days WHERE cohort_id = ${cohort.id} ORDER BY date LIMIT 2`);
    await t.dataSource.query(`INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by) VALUES (${days[0].id}, ${id}, 'present', ${coordinator.id})`);
    await t.dataSource.query(`INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by) VALUES (${days[1].id}, ${id}, 'absent', ${coordinator.id})`);
    expect(await row()).toContain('50 % (1 av 2 dager)');
    await t.dataSource.query(`UPDATE teaching_days SET cancelled = true WHERE id = ${days[1].id}`);
    expect(await row()).toContain('100 % (1 av 1 dager)');
    await t.dataSource.query(`UPDATE users SET name = 'Siri Strand' WHERE id = ${student.id}`);
    expect(await row()).toContain('Siri Strand');
    const chart = (html: string) => /<desc id="cohort-hours-desc">([^<]*)<\/desc>/.exec(html)![1];
    expect(chart(await page())).toMatch(/: 6\b/);
    await t.dataSource.query(`DELETE FROM practice_entries WHERE enrolment_id = ${id}`);
    const after = await page();
    expect(rowText(after, id)).toContain('0 t av 90 t');
    // The chart says the same: no approved hours in the cohort any more.
    expect(chart(after)).not.toMatch(/: [1-9]/);
  });

  it('is not shown to a coordinator of another cohort once one of its own has seen it', async () => {
    expect((await (await as(coordinator)).get(`/cohorts/${cohortId}/progress`)).status).toBe(200);
    const res = await (await as(otherCoordinator)).get(`/cohorts/${cohortId}/progress`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('Åse Ødegård');
  });
});

describe('the CSV export', () => {
  it('has the same rows and order as the table: BOM, semicolons, CRLF, quoting and no formulas', async () => {
    const res = await bytes((await as(coordinator)).get(`/cohorts/${cohortId}/progress.csv?sort=hours&dir=desc`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="fremdrift-kull-${cohortId}-${today()}.csv"`);
    const body: Buffer = res.body;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines.slice(0, -1).every((line) => !line.includes('\n'))).toBe(true);
    expect(lines[0]).toBe(
      'Deltaker;Godkjente timer;Timer til godkjenning;Timer som kreves;Oppmøte (%);Krav til oppmøte (%);Moduler signert;Moduler som skal signeres;Prosjektoppgave;Tempo;Hvorfor etter skjema',
    );
    const total = signOffModules.length;
    expect(lines[1]).toBe(`Åse Ødegård;50;0;90;100;80;2;${total};Ikke påkrevd;I rute;`);
    // Bjørn's hours are all in one category: behind in the others too.
    expect(lines[2]).toBe(
      `Bjørn Bakke;20,5;10;90;50;80;2;${total};Ikke påkrevd;Etter skjema;Timer: 20,5 godkjent av 60 som ventes nå. Under minstetimene så langt i: Gruppeaktiviteter, Samarbeid med ansatte og teammøter, Veiledning og refleksjon.`,
    );
    expect(lines[3]).toBe(
      `"'=SUM(""Kika"";1)";0;0;90;;80;0;${total};Ikke påkrevd;Etter skjema;Timer: 0 godkjent av 60 som ventes nå. Under minstetimene så langt i: Individuelle samtaler og støtte, Gruppeaktiviteter, Samarbeid med ansatte og teammøter, Veiledning og refleksjon. Ikke signert i tide: ${signOffModules[0].title.nb}, ${signOffModules[1].title.nb}.`,
    );
    expect(lines).toHaveLength(5);
  });

  it('applies the filter, and writes the header and numbers in the page language', async () => {
    const res = await bytes((await as(coordinator)).get(`/cohorts/${cohortId}/progress.csv?show=behind`).set('Accept-Language', 'en'));
    const lines = res.body.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toMatch(/^Student;Hours approved;Hours awaiting approval;Hours required;Attendance \(%\);/);
    expect(lines[1]).toMatch(/^"'=SUM/);
    expect(lines[2]).toMatch(/^Bjørn Bakke;20\.5;10;90;50;80;2;\d;Not required;Behind;Hours: 20\.5 approved of 60 expected by now\. Below the minimum hours so far in: Group activities, Collaboration with staff and team meetings, Supervision and reflection\.$/);
    expect(lines).toHaveLength(4);
    expect(res.headers['content-disposition']).toContain('filename="cohort-progress-');
  });
});

describe('the chart of approved hours', () => {
  // Week 1: 10 + 8, week 3: 20 + 12.5, week 10: 20; the page runs to this week, week 11.
  const cumulative = ['18', '18', '50,5', '50,5', '50,5', '50,5', '50,5', '50,5', '50,5', '70,5', '70,5'];

  it('shows the cohort as an SVG with title and figures, and a table with the same sums', async () => {
    const page = await (await as(coordinator)).get(`/cohorts/${cohortId}/progress`);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page.text)![0];
    expect(svg).toMatch(/role="img"/);
    expect(svg).toMatch(/aria-labelledby="cohort-hours-title cohort-hours-desc"/);
    expect(svg).toContain('<title id="cohort-hours-title">Godkjente praksistimer i Testkullet, alle deltakere samlet</title>');
    const desc = /<desc id="cohort-hours-desc">([^<]*)<\/desc>/.exec(svg)![1];
    expect(desc).toContain('mot kravet på 270 t.');
    expect(desc).toContain(cumulative.map((v, i) => `Uke ${i + 1}: ${v}`).join('; '));
    expect(svg).toContain('Krav: 270 t');
    expect(svg).toContain('stroke-dasharray');
    expect(svg).not.toMatch(/style=|<script/);

    const table = /<caption[^>]*>Godkjente timer, periode for periode<\/caption>[\s\S]*?<\/table>/.exec(page.text)![0];
    const rows = [...table.matchAll(/<th scope="row">Uke (\d+)<\/th>\s*<td>[^<]*<\/td>\s*<td>([^<]*)<\/td>\s*<td>([^<]*)<\/td>/g)];
    expect(rows.map((r) => r[3])).toEqual(cumulative.map((v) => `${v} t`));
    const perWeek = rows.reduce((sum, r) => sum + Number(r[2].replace(' t', '').replace(',', '.')), 0);
    const [{ quarters }] = await t.dataSource.query(`SELECT SUM(quarter_hours) AS quarters FROM practice_entries WHERE state = 'approved' AND enrolment_id IN (${aseId}, ${bjornId}, ${formulaId})`);
    expect(perWeek).toBe(Number(quarters) / 4);
    expect(table).toContain('270 t');
  });

  it("shows one student's chart to the student, their supervisor and the coordinator", async () => {
    for (const person of [ase, supervisor, coordinator, admin]) {
      const page = await (await as(person)).get(`/enrolments/${aseId}/progress-chart`);
      expect([person.name, page.status]).toEqual([person.name, 200]);
      const desc = /<desc id="student-hours-desc">([^<]*)<\/desc>/.exec(page.text)![1];
      expect(desc).toContain('mot kravet på 90 t.');
      expect(desc).toContain('Uke 1: 10; Uke 2: 10; Uke 3: 30;');
      expect(desc).toContain('Uke 11: 50.');
      expect(page.text).toMatch(/<svg [^>]*role="img"/);
      expect(mainText(page.text)).toContain('Godkjent 50 t');
    }
    const own = await (await as(ase)).get(`/enrolments/${aseId}/progress-chart`);
    expect(own.text).toContain('<title id="student-hours-title">Dine godkjente praksistimer</title>');
  });

  it('counts a programme in months month by month, and summarises an overdue assignment', async () => {
    const version = t.app.get(CurriculaService).getCurrent('mb-bergen');
    const cohorts = t.app.get(CohortSetupService);
    const mbStart = addMonths(today(), -7);
    const mb = await cohorts.create({ name: 'MB-kullet', curriculumVersionId: version.id, startDate: mbStart, coordinatorIds: [coordinator.id] });
    const student = await makeUser(t, ['student'], { name: 'Marit Månedsen' });
    const id = (await cohorts.enrol({ cohortId: mb.id, studentId: student.id, supervisorIds: [] })).id;
    await practice(id, addDays(mbStart, 3), 6, 'approved', 'individual-follow-up');
    await practice(id, addMonths(mbStart, 2), 4, 'approved', 'group-work');
    const page = await (await as(coordinator)).get(`/cohorts/${mb.id}/progress`);
    const row = rowText(page.text, id);
    const milestones = version.content.assignment!.milestones.length;
    expect(row).toContain(`0 av ${milestones} deler godkjent Forsinket`);
    expect(row).toContain('10 t av 360 t');
    const desc = /<desc id="cohort-hours-desc">([^<]*)<\/desc>/.exec(page.text)![1];
    expect(desc).toContain('Måned 1: 6; Måned 2: 6; Måned 3: 10;');
    expect(mainText(page.text)).toContain('mer enn 1 måned etter at månedene for modulen var over');
    // Only this cohort's students.
    expect(order(page.text)).toEqual([id]);
  });
});

describe('who may not see it', () => {
  it.each([
    ['another coordinator', () => otherCoordinator, () => aseId],
    ['a supervisor (for a student not assigned to them)', () => supervisor, () => bjornId],
    ['a student (for someone else)', () => bjorn, () => aseId],
    ['an employer (even of the student)', () => employer, () => aseId],
  ])('answers %s with 404 on every route', async (_who, person, enrolment) => {
    const agent = await as(person());
    for (const path of [`/cohorts/${cohortId}/progress`, `/cohorts/${cohortId}/progress.csv`, `/cohorts/${cohortId}/progress?show=behind`, `/enrolments/${enrolment()}/progress-chart`]) {
      const res = await agent.get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain('Åse Ødegård');
    }
  });

  it('answers a cohort or enrolment that does not exist with 404', async () => {
    const agent = await as(coordinator);
    expect((await agent.get('/cohorts/999999/progress')).status).toBe(404);
    expect((await agent.get('/cohorts/999999/progress.csv')).status).toBe(404);
    expect((await agent.get('/enrolments/999999/progress-chart')).status).toBe(404);
  });

  it('sends someone signed out to sign in', async () => {
    const res = await request(t.http).get(`/cohorts/${cohortId}/progress.csv`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('/login');
  });
});
