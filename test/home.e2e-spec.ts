import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addDays, addMonths, today } from '../src/common/dates';
import { WEEKDAYS } from '../src/curricula/curriculum.types';
import { CurriculaService } from '../src/curricula/curricula.service';
import { PracticeEntry } from '../src/practice/practice-entry.entity';
import { csrfFrom, makeUser, mainText, startTestApp, signedIn, TestApp } from './support/test-app';

/**
 * Each role's home page, signed in over HTTP: what needs the person, with counts and links, the same counts as
 * badges in the navigation, plain words when nothing waits, and nothing of anyone they do not follow.
 *
 * Høstkullet (Erfaringsskolen, week 5) and Bergen-kullet (MB Bergen, month 6) and Vårkullet (finished) are Kari's;
 * Annet kull is Knut's. Per supervises Åse and Bjørn, Pål supervises Olav.
 */
let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
let kari: Person, knut: Person, per: Person, pal: Person, idle: Person, admin: Person, petra: Person;
let ase: Person, bjorn: Person, cecilie: Person, lars: Person, mona: Person, maja: Person, olav: Person, nils: Person;
let eva: Person, otto: Person, lone: Person;
let ids: Record<string, number>;
let cohorts: Record<string, number>;
let signOffModule: { key: string; title: string };
let proposalTitle: string;
const now = today();
const start = addDays(now, -30);

// Texts that belong to one student and their supervisor; nobody else's page may show them.
const ASE_COMMENT = 'KOMMENTAR-ÅSE-4411';
const OLAV_COMMENT = 'KOMMENTAR-OLAV-9876';

beforeAll(async () => {
  t = await startTestApp();
  const orgA = await t.users.createOrganisation('Fjordvik kommune');
  const orgB = await t.users.createOrganisation('Bergen kommune');
  const orgC = await t.users.createOrganisation('Tom virksomhet');
  kari = await makeUser(t, ['coordinator'], { name: 'Kari Kursansvarlig' });
  knut = await makeUser(t, ['coordinator'], { name: 'Knut Annen' });
  admin = await makeUser(t, ['admin'], { name: 'Ada Admin' });
  per = await makeUser(t, ['supervisor'], { name: 'Per Veileder' });
  pal = await makeUser(t, ['supervisor'], { name: 'Pål Annen' });
  petra = await makeUser(t, ['supervisor'], { name: 'Petra Tredje' });
  idle = await makeUser(t, ['supervisor'], { name: 'Ivar Uten' });
  eva = await makeUser(t, ['employer'], { name: 'Eva Arbeidsgiver', organisationId: orgA.id });
  otto = await makeUser(t, ['employer'], { name: 'Otto Annen', organisationId: orgB.id });
  lone = await makeUser(t, ['employer'], { name: 'Lone Tom', organisationId: orgC.id });
  ase = await makeUser(t, ['student'], { name: 'Åse Ødegård' });
  bjorn = await makeUser(t, ['student'], { name: 'Bjørn Stille' });
  cecilie = await makeUser(t, ['student'], { name: 'Cecilie Uten' });
  lars = await makeUser(t, ['student'], { name: 'Lars Nilsen' });
  mona = await makeUser(t, ['student'], { name: 'Mona Frist' });
  maja = await makeUser(t, ['student'], { name: 'Maja Ferdig' });
  olav = await makeUser(t, ['student'], { name: 'Olav Fremmed' });
  nils = await makeUser(t, ['student'], { name: 'Nils Fremmed' });

  const curricula = t.app.get(CurriculaService);
  const setup = t.app.get(CohortSetupService);
  const es = curricula.getCurrent('erfaringsskolen');
  const mb = curricula.getCurrent('mb-bergen');
  const everyDay = [...WEEKDAYS];
  // Teaching every day, so that there is one today whatever day the test runs.
  const autumn = await setup.create({ name: 'Høstkullet', curriculumVersionId: es.id, startDate: start, coordinatorIds: [kari.id], teachingWeekdays: everyDay });
  const other = await setup.create({ name: 'Annet kull', curriculumVersionId: es.id, startDate: start, coordinatorIds: [knut.id], teachingWeekdays: everyDay });
  // The project proposal is due five months after the start: five days from now.
  const bergen = await setup.create({ name: 'Bergen-kullet', curriculumVersionId: mb.id, startDate: addDays(addMonths(now, -5), 5), coordinatorIds: [kari.id] });
  const spring = await setup.create({ name: 'Vårkullet', curriculumVersionId: es.id, startDate: addDays(now, -20 * 7), coordinatorIds: [kari.id] });
  await t.dataSource.query(`DELETE FROM teaching_days WHERE cohort_id IN (${bergen.id}, ${spring.id}) AND date >= '${now}'`);
  cohorts = { autumn: autumn.id, other: other.id, bergen: bergen.id, spring: spring.id };

  const enrol = async (cohortId: number, student: Person, supervisors: Person[], employerOrganisationId?: number) =>
    (await setup.enrol({ cohortId, studentId: student.id, supervisorIds: supervisors.map((s) => s.id), employerOrganisationId })).id;
  ids = {
    ase: await enrol(autumn.id, ase, [per], orgA.id),
    bjorn: await enrol(autumn.id, bjorn, [per], orgA.id),
    cecilie: await enrol(autumn.id, cecilie, []),
    lars: await enrol(bergen.id, lars, [petra], orgA.id),
    mona: await enrol(bergen.id, mona, [petra], orgA.id),
    maja: await enrol(spring.id, maja, [per], orgA.id),
    olav: await enrol(other.id, olav, [pal], orgB.id),
    nils: await enrol(other.id, nils, []),
  };

  const category = es.content.practice.categories[0].key;
  const entries = t.dataSource.getRepository(PracticeEntry);
  const entry = (enrolmentId: number, fields: Partial<PracticeEntry>) =>
    entries.insert({ enrolmentId, date: addDays(now, -10), quarterHours: 8, placementId: orgA.id, category, description: 'Praksis', ...fields } as PracticeEntry);
  // Åse: one entry returned with a comment, one draft, one waiting for Per since noon four days ago.
  await entry(ids.ase, { state: 'returned', date: addDays(now, -6), quarterHours: 10, returnComment: ASE_COMMENT, decidedAt: new Date(), decidedBy: per.id });
  await entry(ids.ase, { state: 'draft', date: addDays(now, -1) });
  await entry(ids.ase, { state: 'submitted', submittedAt: new Date(`${addDays(now, -4)}T11:00:00Z`) });
  // Olav, of the other cohort: the same kinds of entries, for Pål.
  await entry(ids.olav, { state: 'returned', returnComment: OLAV_COMMENT, decidedAt: new Date(), decidedBy: pal.id });
  await entry(ids.olav, { state: 'submitted', submittedAt: new Date() });
  // Maja met every requirement of the finished cohort and has no certificate yet.
  // Maja: every category's minimum approved, the rest of the required hours in the first category.
  const minimums = es.content.practice.categories.map((c) => c.minimumHours ?? 0);
  for (const [i, c] of es.content.practice.categories.entries()) {
    const hours = i === 0 ? es.content.practice.requiredHours - minimums.slice(1).reduce((a, b) => a + b, 0) : minimums[i];
    if (hours > 0) await entry(ids.maja, { state: 'approved', date: addDays(now, -60), quarterHours: hours * 4, category: c.key });
  }

  // Åse has read every lesson of the first module that needs sign-off, which waits for Per.
  const module = es.content.modules.find((m) => m.signOff)!;
  signOffModule = { key: module.key, title: module.title.nb };
  for (const lesson of module.lessons) {
    await t.dataSource.query(`INSERT INTO lesson_progress (enrolment_id, module_key, lesson_key) VALUES (${ids.ase}, '${module.key}', '${lesson.key}')`);
  }
  for (const m of es.content.modules.filter((m) => m.signOff)) {
    await t.dataSource.query(`INSERT INTO module_signoffs (enrolment_id, module_key, decision, decided_by) VALUES (${ids.maja}, '${m.key}', 'signed_off', ${per.id})`);
  }
  // Åse was present on one of the first three teaching days: 33 %, under the 80 % required.
  const days: { id: number }[] = await t.dataSource.query(`SELECT id FROM teaching_days WHERE cohort_id = ${autumn.id} ORDER BY date LIMIT 3`);
  for (const [i, day] of days.entries()) {
    await t.dataSource.query(`INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by) VALUES (${day.id}, ${ids.ase}, '${i === 0 ? 'present' : 'absent'}', ${kari.id})`);
  }
  const springDays: { id: number }[] = await t.dataSource.query(`SELECT id FROM teaching_days WHERE cohort_id = ${spring.id}`);
  for (const day of springDays) {
    await t.dataSource.query(`INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by) VALUES (${day.id}, ${ids.maja}, 'present', ${kari.id})`);
  }
  // Lars handed in his project proposal; it waits for the coordinators.
  const proposal = mb.content.assignment!.milestones[0];
  proposalTitle = proposal.title.nb;
  await t.dataSource.query(
    `INSERT INTO assignment_submissions (enrolment_id, milestone_key, number, text, state, submitted_by) VALUES (${ids.lars}, '${proposal.key}', 1, 'Skisse', 'submitted', ${lars.id})`,
  );

  // Åse and Olav let their employers follow them; Lars did, and then withdrew.
  await decide(ase, ids.ase, 'yes', orgA.id);
  await decide(olav, ids.olav, 'yes', orgB.id);
  await decide(lars, ids.lars, 'yes', orgA.id);
  await decide(lars, ids.lars, 'no', orgA.id);
});

afterAll(async () => {
  await t.close();
});

async function decide(student: Person, enrolmentId: number, granted: 'yes' | 'no', organisation: number) {
  const agent = await signedIn(t, student);
  const page = await agent.get(`/enrolments/${enrolmentId}/consent`);
  const res = await agent.post(`/enrolments/${enrolmentId}/consent`).type('form').send({ _csrf: csrfFrom(page.text), granted, organisation: String(organisation) });
  if (res.status !== 303) throw new Error(`Consent failed with ${res.status}`);
}

/** The home page (or another page) as this person sees it. */
async function page(person: Person, path = '/', language = 'nb') {
  const res = await (await signedIn(t, person)).get(path).set('Accept-Language', language);
  expect(res.status).toBe(200);
  return { html: res.text, text: mainText(res.text).replace(/&#x27;/g, "'") };
}

/** The badge on one navigation link: the number shown and the words a screen reader says, or undefined. */
function badge(html: string, href: string): { count: string; words: string } | undefined {
  const nav = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(html)![0];
  const link = new RegExp(`<a href="${href.replace(/[?/]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</a>`).exec(nav)?.[1] ?? '';
  const match = /<span class="badge badge--count"><span aria-hidden="true">([^<]*)<\/span><span class="visually-hidden">([^<]*)<\/span><\/span>/.exec(link);
  return match ? { count: match[1], words: match[2] } : undefined;
}

/** The links of the main part of the page, with their text. */
function links(html: string): Record<string, string> {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)![1];
  return Object.fromEntries([...main.matchAll(/<a href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => [m[2].replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').trim(), m[1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')]));
}

/** Heading levels in order, each at most one deeper than the one before. */
function headingsInOrder(html: string): boolean {
  const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
  return levels[0] === 1 && levels.every((level, i) => i === 0 || level <= levels[i - 1] + 1);
}

const section = (text: string, from: string, to: string) => text.slice(text.indexOf(from), to ? text.indexOf(to) : undefined);

describe('the student', () => {
  it('is told first of the entry returned with its comment, the draft, the module waiting and attendance under the threshold', async () => {
    const { html, text } = await page(ase);
    const needs = section(text, 'Dette venter på deg', 'Denne uka');
    expect(needs).toContain('er sendt tilbake til deg');
    expect(needs).toContain(ASE_COMMENT);
    expect(needs).toContain('Du har 1 praksisføring som ikke er sendt inn.');
    expect(needs).toContain(`Modulen «${signOffModule.title}» venter på godkjenning fra praksisveilederen din.`);
    expect(needs).toContain('Oppmøtet ditt er 33 %, under kravet på 80 %.');
    const returned: { id: number }[] = await t.dataSource.query(`SELECT id FROM practice_entries WHERE enrolment_id = ${ids.ase} AND state = 'returned'`);
    expect(links(html)).toMatchObject({
      [`Rett og send inn føringen fra ${/fra (\d+\. \S+ \d{4}) \(/.exec(needs)![1]}`]: `/practice/${returned[0].id}/edit`,
      'Se utkastene og send dem inn': `/enrolments/${ids.ase}/practice?state=draft`,
      [`Se modulen «${signOffModule.title}»`]: `/enrolments/${ids.ase}/modules/${signOffModule.key}`,
      'Se oppmøtet ditt i programoversikten': `/enrolments/${ids.ase}`,
    });
    expect(headingsInOrder(html)).toBe(true);
  });

  it('sees where they stand and this week, after what needs them, and keeps the programme list', async () => {
    const { text } = await page(ase);
    expect(text.indexOf('Dette venter på deg')).toBeLessThan(text.indexOf('Ditt utdanningsprogram'));
    expect(text).toContain('Denne uka');
    expect(text).toContain('Undervisningsdager');
    expect(text).toMatch(/Godkjente praksistimer 0 t av 90 t/);
    expect(text).toMatch(/Leksjoner lest \d+ av \d+/);
    expect(text).toMatch(/Oppmøte 33 %/);
    expect(text).toContain('Uke 5 av 15');
  });

  it('carries the returned entries as a badge on "my programme", on every page', async () => {
    expect(badge((await page(ase)).html, '/enrolments')).toEqual({ count: '1', words: '1 sendt tilbake' });
    expect(badge((await page(ase, '/programmes')).html, '/enrolments')).toEqual({ count: '1', words: '1 sendt tilbake' });
    expect(badge((await page(ase, '/', 'en')).html, '/enrolments')).toEqual({ count: '1', words: '1 returned' });
  });

  it('is told of a milestone due within two weeks', async () => {
    const { html, text } = await page(mona);
    expect(text).toMatch(new RegExp(`«${proposalTitle}» i prosjektoppgaven skal leveres innen \\d+\\. \\S+ \\d{4}\\.`));
    expect(links(html)[`Lever «${proposalTitle}»`]).toBe(`/enrolments/${ids.mona}/assignment`);
  });

  it('with nothing waiting, says so in plain words, and shows no badge', async () => {
    const { html, text } = await page(bjorn);
    expect(section(text, 'Dette venter på deg', 'Denne uka')).toContain('Ingenting venter på deg nå.');
    expect(badge(html, '/enrolments')).toBeUndefined();
  });

  it("never shows another student's entries or comments", async () => {
    for (const person of [ase, bjorn, mona]) expect((await page(person)).html).not.toContain(OLAV_COMMENT);
    expect((await page(olav)).text).toContain(OLAV_COMMENT);
    expect((await page(olav)).html).not.toContain(ASE_COMMENT);
  });
});

describe('the supervisor', () => {
  it('is told how many entries wait and how long the oldest has, with a link straight to the queue', async () => {
    const { html, text } = await page(per);
    expect(text).toContain('1 praksisføring venter på godkjenning. Den eldste har ventet 4 dager.');
    expect(links(html)['Gå til køen (1 venter)']).toBe('/supervision/queue');
    expect(badge(html, '/supervision/queue')).toEqual({ count: '1', words: '1 venter' });
    expect(headingsInOrder(html)).toBe(true);
  });

  it('is told of the module waiting for sign-off and of the student whose hours stalled, with links to them', async () => {
    const { html, text } = await page(per);
    expect(text).toContain(`Åse Ødegård har lest alle leksjonene i modulen «${signOffModule.title}», som venter på godkjenning.`);
    expect(text).toContain('Bjørn Stille har ikke ført noen praksistimer ennå.');
    expect(text).not.toMatch(/Åse Ødegård har ikke ført/);
    expect(links(html)).toMatchObject({
      [`Godkjenn modulen «${signOffModule.title}» for Åse Ødegård`]: `/enrolments/${ids.ase}/modules/${signOffModule.key}`,
      'Se oversikten til Bjørn Stille': `/enrolments/${ids.bjorn}`,
    });
    // The students table is kept below.
    expect(text.indexOf('Dette venter på deg som praksisveileder')).toBeLessThan(text.indexOf('Deltakere du veileder'));
  });

  it('is told of a hand-in they were named to assess, while they still supervise the student, and nobody else is', async () => {
    const assess = `Lars Nilsen leverte «${proposalTitle}»`;
    expect((await page(petra)).text).not.toContain(assess);
    try {
      await t.dataSource.query(`UPDATE enrolments SET assessor_id = ${petra.id} WHERE id = ${ids.lars}`);
      const { html, text } = await page(petra);
      expect(text).toMatch(new RegExp(`${assess} .+?, og du er oppnevnt til å vurdere oppgaven\\. Innleveringen venter på vurdering\\.`));
      expect(links(html)['Vurder innleveringen til Lars Nilsen']).toBe(`/enrolments/${ids.lars}/assignment`);
      expect((await page(per)).text).not.toContain('Lars Nilsen');

      // Named, but no longer one of the student's supervisors: not theirs to assess.
      await t.dataSource.query(`UPDATE enrolments SET assessor_id = ${per.id} WHERE id = ${ids.lars}`);
      expect((await page(per)).text).not.toContain('Lars Nilsen');
      expect((await page(petra)).text).not.toContain(assess);
    } finally {
      await t.dataSource.query(`UPDATE enrolments SET assessor_id = NULL WHERE id = ${ids.lars}`);
    }
  });

  it("never shows another supervisor's students, entries or counts", async () => {
    const mine = await page(per);
    expect(mine.text).not.toContain('Olav');
    const theirs = await page(pal);
    expect(theirs.text).toContain('1 praksisføring venter på godkjenning. Den eldste kom inn i dag.');
    for (const name of ['Åse', 'Bjørn', 'Lars', 'Mona', 'Maja']) expect(theirs.text).not.toContain(name);
  });

  it('with no students, says that nothing waits and shows no badge', async () => {
    const { html, text } = await page(idle);
    expect(section(text, 'Dette venter på deg som praksisveileder', 'Deltakere du veileder')).toContain('Ingenting venter på deg nå.');
    expect(badge(html, '/supervision/queue')).toBeUndefined();
  });

  it('reads in English too', async () => {
    const { html, text } = await page(per, '/', 'en');
    expect(text).toContain('1 practice entry is waiting for approval. The oldest has waited 4 days.');
    expect(text).toContain('Bjørn Stille has not logged any practice hours yet.');
    expect(links(html)['Go to the queue (1 waiting)']).toBe('/supervision/queue');
    expect(badge(html, '/supervision/queue')).toEqual({ count: '1', words: '1 waiting' });
  });
});

describe('the coordinator', () => {
  it("lists today's roll call, the hand-in, the student without supervisor or employer, who is behind and the certificate ready", async () => {
    const { html, text } = await page(kari);
    const needs = section(text, 'Dette venter på deg i kullene dine', 'Kullene du er kursansvarlig for');
    expect(needs).toContain('Oppmøtet for dagens undervisning i Høstkullet er ikke registrert.');
    expect(needs).toMatch(new RegExp(`Lars Nilsen \\(Bergen-kullet\\) leverte «${proposalTitle}» .+\\. Innleveringen venter på vurdering\\.`));
    expect(needs).toContain('Cecilie Uten (Høstkullet) har verken praksisveileder eller arbeidsgiver.');
    expect(needs).toContain('3 deltakere i Høstkullet henger etter planen.');
    expect(needs).toContain('2 deltakere i Bergen-kullet henger etter planen.');
    expect(needs).toContain('Maja Ferdig (Vårkullet) har oppfylt alle kravene og kan få kursbevis.');
    const [day] = await t.dataSource.query(`SELECT id FROM teaching_days WHERE cohort_id = ${cohorts.autumn} AND date = '${now}'`);
    expect(links(html)).toMatchObject({
      'Registrer oppmøtet i Høstkullet': `/cohorts/${cohorts.autumn}/days/${day.id}`,
      'Vurder innleveringen til Lars Nilsen': `/enrolments/${ids.lars}/assignment`,
      'Tildel praksisveileder og arbeidsgiver for Cecilie Uten': `/enrolments/${ids.cecilie}/edit`,
      'Se hvem som henger etter i Høstkullet': `/cohorts/${cohorts.autumn}/progress?show=behind`,
      'Utsted kursbevis til Maja Ferdig': `/enrolments/${ids.maja}/completion`,
    });
    // The cohort table is kept below.
    expect(text).toContain('Kullene du er kursansvarlig for');
    expect(headingsInOrder(html)).toBe(true);
  });

  it('counts the hand-in, the student without supervisor or employer and the roll call on the cohorts link', async () => {
    expect(badge((await page(kari)).html, '/cohorts')).toEqual({ count: '3', words: '3 venter på deg' });
    expect(badge((await page(kari, '/programmes')).html, '/cohorts')).toEqual({ count: '3', words: '3 venter på deg' });
  });

  it("never shows another coordinator's cohort, and each sees their own", async () => {
    const { text } = await page(kari);
    for (const other of ['Annet kull', 'Olav', 'Nils Fremmed']) expect(text).not.toContain(other);
    const theirs = await page(knut);
    expect(theirs.text).toContain('Oppmøtet for dagens undervisning i Annet kull er ikke registrert.');
    expect(theirs.text).toContain('Nils Fremmed (Annet kull) har verken praksisveileder eller arbeidsgiver.');
    for (const mine of ['Høstkullet', 'Bergen-kullet', 'Cecilie', 'Lars', 'Maja']) expect(theirs.text).not.toContain(mine);
    expect(badge(theirs.html, '/cohorts')).toEqual({ count: '2', words: '2 venter på deg' });
  });

  it('stops counting a roll call once it is taken, and a certificate once it is issued', async () => {
    const [day] = await t.dataSource.query(`SELECT id FROM teaching_days WHERE cohort_id = ${cohorts.other} AND date = '${now}'`);
    await t.dataSource.query(`INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by) VALUES (${day.id}, ${ids.olav}, 'present', ${knut.id})`);
    const { html, text } = await page(knut);
    expect(text).not.toContain('Oppmøtet for dagens undervisning i Annet kull');
    expect(badge(html, '/cohorts')).toEqual({ count: '1', words: '1 venter på deg' });

    const agent = await signedIn(t, kari);
    const checklist = await agent.get(`/enrolments/${ids.maja}/completion`);
    expect((await agent.post(`/enrolments/${ids.maja}/certificate`).type('form').send({ _csrf: csrfFrom(checklist.text) })).status).toBe(303);
    expect((await page(kari)).text).not.toContain('Maja Ferdig (Vårkullet) har oppfylt alle kravene');
  });

  it('as administrator sees every cohort', async () => {
    const { html, text } = await page(admin);
    expect(text).toContain('Dette venter i kullene');
    for (const both of ['Cecilie Uten (Høstkullet)', 'Nils Fremmed (Annet kull)']) expect(text).toContain(both);
    // Both cohorts' students without supervisor or employer, the hand-in and Høstkullet's roll call (Annet kull's is taken).
    expect(badge(html, '/cohorts')).toEqual({ count: '4', words: '4 venter på deg' });
  });
});

describe('the employer', () => {
  it("counts the consenting trainees behind the pace without naming them, and names whose consent ended and when", async () => {
    const views = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM employer_views'))[0].n);
    const before = await views();
    const { html, text } = await page(eva);
    const needs = section(text, 'Dette bør du vite om deltakerne', 'Din virksomhet');
    expect(needs).toContain('1 deltaker som har samtykket, henger etter planen.');
    expect(needs).toMatch(/Samtykket fra Lars Nilsen tok slutt \d+\. \S+ \d{4}\. Du ser ikke lenger framdriften til Lars Nilsen\./);
    expect(links(html)['Se hvem på siden Deltakere hos oss']).toBe('/employer');
    // No trainee's name with their progress, no figures, and so no look to log: that is what the employer page is for.
    for (const hidden of ['Åse', 'Bjørn', 'Mona', ' t av ', '%']) expect(needs).not.toContain(hidden);
    expect(await views()).toBe(before);
    expect(badge(html, '/employer')).toEqual({ count: '1', words: '1 samtykke avsluttet' });
    expect(headingsInOrder(html)).toBe(true);
  });

  it("never shows another organisation's trainees or consents", async () => {
    const { html, text } = await page(otto);
    expect(text).not.toContain('Lars');
    expect(badge(html, '/employer')).toBeUndefined();
  });

  it('with nothing to know, says so and shows no badge', async () => {
    const { html, text } = await page(lone);
    expect(section(text, 'Dette bør du vite om deltakerne', 'Din virksomhet')).toContain('Ingenting venter på deg nå.');
    expect(badge(html, '/employer')).toBeUndefined();
  });
});

describe('the navigation badges', () => {
  /** The statements made while `act` runs that read what the badges count. */
  async function badgeStatements(act: () => Promise<unknown>): Promise<string[]> {
    const statements: string[] = [];
    const spy = jest.spyOn(t.dataSource.logger, 'logQuery').mockImplementation((sql: string) => {
      if (/practice_entries|assignment_submissions|employer_consents|teaching_days/.test(sql)) statements.push(sql);
    });
    try {
      await act();
    } finally {
      spy.mockRestore();
    }
    return statements;
  }

  it('cost one statement per role on a page that reads nothing else of theirs', async () => {
    for (const person of [ase, per, kari, eva]) {
      const agent = await signedIn(t, person);
      expect(await badgeStatements(() => agent.get('/programmes'))).toHaveLength(1);
    }
  });

  it('cost nothing for a post', async () => {
    const agent = await signedIn(t, per);
    const token = csrfFrom((await agent.get('/programmes')).text);
    expect(await badgeStatements(() => agent.post('/locale').type('form').send({ _csrf: token, locale: 'en' }))).toEqual([]);
  });
});
