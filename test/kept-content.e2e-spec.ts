import { createApp } from '../src/app';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addDays, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { STAMPED_TABLES } from '../src/database/migrations/1765600000000-ChangeStamps';
import { KeptContent, KeptRequest } from '../src/progress/kept-content';
import { csrfFrom, makeUser, mainText, signedIn, startTestApp, TestApp } from './support/test-app';

// The cohort table and the employer view keep their costly part (KeptContent) under change stamps that the
// database moves. These tests hold the two ends of that promise: what a kept part reads is all covered by the
// stamps' triggers, and each kind of change, made through the application as people make it, shows at once.

let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
let coordinator: Person, otherCoordinator: Person, admin: Person, supervisor: Person, employer: Person, otherEmployer: Person;
let ase: Person, bo: Person;
let organisationId: number, otherOrganisationId: number;
let cohortId: number, otherCohortId: number;
let aseEnrolment: number, boEnrolment: number;
let category: string;
const start = addDays(today(), -70);

beforeAll(async () => {
  t = await startTestApp();
  organisationId = (await t.users.createOrganisation('Fjordvik kommune')).id;
  otherOrganisationId = (await t.users.createOrganisation('Havn bydel')).id;
  coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Kursansvarlig' });
  otherCoordinator = await makeUser(t, ['coordinator'], { name: 'Olga Annen' });
  admin = await makeUser(t, ['admin'], { name: 'Ada Admin' });
  supervisor = await makeUser(t, ['supervisor'], { name: 'Per Veileder' });
  employer = await makeUser(t, ['employer'], { name: 'Eva Arbeidsgiver', organisationId });
  otherEmployer = await makeUser(t, ['employer'], { name: 'Otto Havn', organisationId: otherOrganisationId });
  ase = await makeUser(t, ['student'], { name: 'Åse Ødegård' });
  bo = await makeUser(t, ['student'], { name: 'Bo Berg' });

  const version = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
  category = version.content.practice.categories[0].key;
  const cohorts = t.app.get(CohortSetupService);
  cohortId = (await cohorts.create({ name: 'Vårkullet', curriculumVersionId: version.id, startDate: start, coordinatorIds: [coordinator.id] })).id;
  otherCohortId = (await cohorts.create({ name: 'Høstkullet', curriculumVersionId: version.id, startDate: start, coordinatorIds: [otherCoordinator.id] })).id;
  aseEnrolment = (await cohorts.enrol({ cohortId, studentId: ase.id, supervisorIds: [supervisor.id], employerOrganisationId: organisationId })).id;
  // The employer's trainees are in two cohorts.
  boEnrolment = (await cohorts.enrol({ cohortId: otherCohortId, studentId: bo.id, supervisorIds: [supervisor.id], employerOrganisationId: organisationId })).id;
  await entry(aseEnrolment, 2, 8, 'approved');
  await entry(boEnrolment, 3, 4, 'approved');
  await decide(ase, aseEnrolment, 'yes');
  await decide(bo, boEnrolment, 'yes');
});

afterAll(async () => {
  await t.close();
});

const as = (user: { email: string }, app: TestApp = t) => signedIn(app, user);

async function entry(enrolmentId: number, day: number, hours: number, state: string): Promise<number> {
  const [row] = await t.dataSource.query(
    `INSERT INTO practice_entries (enrolment_id, date, quarter_hours, placement_id, category, description, state, submitted_at) ` +
      `VALUES (${enrolmentId}, '${addDays(start, day)}', ${hours * 4}, ${organisationId}, '${category}', 'Praksis', '${state}', CURRENT_TIMESTAMP) RETURNING id`,
  );
  return Number(row.id);
}

async function decide(student: Person, enrolmentId: number, granted: 'yes' | 'no') {
  const agent = await as(student);
  const page = await agent.get(`/enrolments/${enrolmentId}/consent`);
  const res = await agent.post(`/enrolments/${enrolmentId}/consent`).type('form').send({ _csrf: csrfFrom(page.text), granted, organisation: String(organisationId) });
  expect(res.status).toBe(303);
}

/** The visible text of the cohort table's row for one enrolment. */
async function cohortRow(agent: Awaited<ReturnType<typeof as>>, enrolmentId: number, cohort = cohortId): Promise<string> {
  const page = await agent.get(`/cohorts/${cohort}/progress`);
  expect(page.status).toBe(200);
  const row = (page.text.match(/<tr>[\s\S]*?<\/tr>/g) ?? []).find((r) => r.includes(`href="/enrolments/${enrolmentId}"`));
  return row ? mainText(row) : '';
}

/** The visible text of the employer view's row that names this trainee, or '' when none does. */
async function employerRow(agent: Awaited<ReturnType<typeof as>>, name: string): Promise<string> {
  const page = await agent.get('/employer');
  expect(page.status).toBe(200);
  const row = (page.text.match(/<tr>[\s\S]*?<\/tr>/g) ?? []).find((r) => mainText(r).includes(name));
  return row ? mainText(row) : '';
}

/** The students' part of the cohort table: from its heading to the end of the page's main content. */
const studentsPart = (html: string) => /<h2 id="students-title">[\s\S]*<\/main>/.exec(html)?.[0] ?? '';

/** The tables a statement reads or writes, by name (a schema in front is left off). */
function tablesIn(sql: string): string[] {
  return [...sql.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:"?\w+"?\.)?"?(\w+)"?/gi)].map((m) => m[1].toLowerCase());
}

/** The tables read by these statements that are not among `covered`. */
function uncovered(statements: string[], covered: string[]): string[] {
  return [...new Set(statements.flatMap(tablesIn))].filter((table) => !covered.includes(table)).sort();
}

/** The tables that carry a change stamp trigger, as the database itself says. */
async function stampedTables(): Promise<string[]> {
  const rows: { name: string }[] = await t.dataSource.query(
    t.dataSource.options.type === 'postgres'
      ? "SELECT DISTINCT c.relname AS name FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE g.tgname LIKE '%change_stamp' AND c.relnamespace = current_schema()::regnamespace"
      : "SELECT DISTINCT tbl_name AS name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%change_stamp%'",
  );
  return rows.map((row) => row.name).sort();
}

/**
 * Every statement run while a kept part's data is worked out (and only then), for the requests made in `act`.
 * Each request's part is worked out afresh: its cohort's stamps are moved first.
 */
async function statementsOfKeptParts(act: () => Promise<void>): Promise<string[]> {
  const kept = t.app.get(KeptContent);
  const get = kept.get.bind(kept);
  const statements: string[] = [];
  let working = false;
  const logged = jest.spyOn(t.dataSource.logger, 'logQuery').mockImplementation((sql: string) => {
    if (working) statements.push(sql);
  });
  const spy = jest.spyOn(kept, 'get').mockImplementation((request: KeptRequest<unknown>) =>
    get({
      ...request,
      work: async () => {
        working = true;
        try {
          return await request.work();
        } finally {
          working = false;
        }
      },
    }),
  );
  try {
    await t.dataSource.query('UPDATE change_stamps SET stamp = stamp + 1');
    await act();
  } finally {
    spy.mockRestore();
    logged.mockRestore();
  }
  return statements;
}

describe('what a kept part reads', () => {
  it('has the stamp triggers on exactly the tables the migration names', async () => {
    expect(await stampedTables()).toEqual([...STAMPED_TABLES].sort());
  });

  it('is, for the cohort table and the employer view, only tables whose every change moves a stamp', async () => {
    const statements = await statementsOfKeptParts(async () => {
      expect((await (await as(coordinator)).get(`/cohorts/${cohortId}/progress?show=behind&sort=hours`)).status).toBe(200);
      expect((await (await as(employer)).get('/employer')).status).toBe(200);
    });
    const read = [...new Set(statements.flatMap(tablesIn))];
    // The parts were worked out, so the statements were seen: each kind of figure is among them.
    for (const table of ['enrolments', 'users', 'practice_entries', 'attendance_records', 'teaching_days', 'module_signoffs', 'assignment_submissions', 'employer_consents']) {
      expect(read).toContain(table);
    }
    expect(uncovered(statements, await stampedTables())).toEqual([]);
  });

  it('finds a table read outside the stamps', async () => {
    const kept = t.app.get(KeptContent);
    const statements = await statementsOfKeptParts(async () => {
      await kept.get({
        template: 'progress/fragments/employer-trainees',
        scope: { organisationId },
        varies: ['a part that reads the log of looks'],
        visit: { locale: 'nb', secrets: {} },
        work: async () => {
          await t.dataSource.query('SELECT COUNT(*) AS n FROM employer_views v JOIN enrolments e ON e.id = v.enrolment_id');
          return { model: { rows: [] }, about: null };
        },
      });
    });
    expect(uncovered(statements, await stampedTables())).toEqual(['employer_views']);
  });
});

describe('after each kind of change, both pages show it at once', () => {
  it('an entry approved by the supervisor', async () => {
    const [coord, emp, sup] = [await as(coordinator), await as(employer), await as(supervisor)];
    expect(await cohortRow(coord, aseEnrolment)).toContain('8 t av 90 t');
    expect(await employerRow(emp, 'Åse')).toContain('8 av 90 t');
    const id = await entry(aseEnrolment, 5, 3, 'submitted');
    const page = await sup.get(`/practice/${id}`);
    expect((await sup.post(`/practice/${id}/approve`).type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(303);
    expect(await cohortRow(coord, aseEnrolment)).toContain('11 t av 90 t');
    expect(await employerRow(emp, 'Åse')).toContain('11 av 90 t');
  });

  it('attendance taken, and a teaching day cancelled', async () => {
    const [coord, emp] = [await as(coordinator), await as(employer)];
    expect(await cohortRow(coord, aseEnrolment)).toContain('Ikke registrert ennå');
    expect(await employerRow(emp, 'Åse')).toContain('Ikke registrert ennå');
    const [first, second]: { id: number; version: number }[] = await t.dataSource.query(`SELECT id, version FROM teaching_days WHERE cohort_id = ${cohortId} ORDER BY date LIMIT 2`);
    for (const [day, status] of [[first, 'present'], [second, 'absent']] as const) {
      const register = await coord.get(`/cohorts/${cohortId}/days/${day.id}`);
      const body: Record<string, string> = { _csrf: csrfFrom(register.text), [`status_${aseEnrolment}`]: status };
      for (const [, name, value] of register.text.matchAll(/<input type="hidden" name="(shown_\d+)" value="([^"]*)">/g)) body[name] = value;
      expect((await coord.post(`/cohorts/${cohortId}/days/${day.id}`).type('form').send(body)).status).toBe(303);
    }
    expect(await cohortRow(coord, aseEnrolment)).toContain('50 % (1 av 2 dager)');
    expect(await employerRow(emp, 'Åse')).toContain('50 % (1 av 2 dager)');

    const days = await coord.get(`/cohorts/${cohortId}/days`);
    const [{ version }]: { version: number }[] = await t.dataSource.query(`SELECT version FROM teaching_days WHERE id = ${second.id}`);
    const cancel = await coord.post(`/cohorts/${cohortId}/days/${second.id}/cancel`).type('form').send({ _csrf: csrfFrom(days.text), version: String(version) });
    expect(cancel.status).toBe(303);
    expect(await cohortRow(coord, aseEnrolment)).toContain('100 % (1 av 1 dager)');
    expect(await employerRow(emp, 'Åse')).toContain('100 % (1 av 1 dager)');
  });

  it('a student renamed, by whichever part of the application writes the name', async () => {
    const [coord, emp] = [await as(coordinator), await as(employer)];
    expect(await cohortRow(coord, aseEnrolment)).toContain('Åse Ødegård');
    expect(await employerRow(emp, 'Åse Ødegård')).not.toBe('');
    await t.dataSource.query(`UPDATE users SET name = 'Åse Strand' WHERE id = ${ase.id}`);
    try {
      expect(await cohortRow(coord, aseEnrolment)).toContain('Åse Strand');
      expect(await employerRow(emp, 'Åse Strand')).not.toBe('');
    } finally {
      await t.dataSource.query(`UPDATE users SET name = 'Åse Ødegård' WHERE id = ${ase.id}`);
    }
    expect(await cohortRow(coord, aseEnrolment)).toContain('Åse Ødegård');
  });

  it('consent withdrawn and given again', async () => {
    const emp = await as(employer);
    expect(await employerRow(emp, 'Bo Berg')).toContain('4 av 90 t');
    await decide(bo, boEnrolment, 'no');
    expect(await employerRow(emp, 'Bo Berg')).toBe('');
    expect(await employerRow(emp, 'Åse')).not.toBe('');
    await decide(bo, boEnrolment, 'yes');
    expect(await employerRow(emp, 'Bo Berg')).toContain('4 av 90 t');
  });

  it('an enrolment moved to another employer by the coordinator', async () => {
    const [coord, emp, other] = [await as(coordinator), await as(employer), await as(otherEmployer)];
    expect(await employerRow(emp, 'Åse')).not.toBe('');
    expect(await employerRow(other, 'Åse')).toBe('');
    const edit = await coord.get(`/enrolments/${aseEnrolment}/edit`);
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1];
    const form = new URLSearchParams({ _csrf: csrfFrom(edit.text), version, supervisors: String(supervisor.id), employer: String(otherOrganisationId) });
    expect((await coord.post(`/enrolments/${aseEnrolment}/edit`).type('form').send(form.toString())).status).toBe(303);
    expect(await employerRow(emp, 'Åse')).toBe('');
    // The consent was for the first employer: the second sees nothing until the student gives it.
    expect(await employerRow(other, 'Åse')).toBe('');
    expect(await employerRow(emp, 'Bo Berg')).not.toBe('');
  });
});

describe('two server processes on one database', () => {
  let second: TestApp;

  beforeAll(async () => {
    const { app } = await createApp(t.config, { logger: false });
    second = { ...t, app, http: app.getHttpServer(), close: () => app.close() };
  });

  afterAll(async () => {
    await second.close();
  });

  it('each show a change made through the other at once, though each keeps its own copy', async () => {
    const [coordHere, coordThere] = [await as(otherCoordinator), await as(otherCoordinator, second)];
    const [empHere, empThere] = [await as(employer), await as(employer, second)];
    expect(await cohortRow(coordHere, boEnrolment, otherCohortId)).toContain('4 t av 90 t');
    expect(await cohortRow(coordThere, boEnrolment, otherCohortId)).toContain('4 t av 90 t');
    expect(await employerRow(empHere, 'Bo Berg')).toContain('4 av 90 t');
    expect(await employerRow(empThere, 'Bo Berg')).toContain('4 av 90 t');

    // The supervisor approves through the second process; the first shows it on its next request.
    const supThere = await as(supervisor, second);
    const id = await entry(boEnrolment, 6, 2, 'submitted');
    const page = await supThere.get(`/practice/${id}`);
    expect((await supThere.post(`/practice/${id}/approve`).type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(303);
    expect(await cohortRow(coordHere, boEnrolment, otherCohortId)).toContain('6 t av 90 t');
    expect(await employerRow(empHere, 'Bo Berg')).toContain('6 av 90 t');
    expect(await cohortRow(coordThere, boEnrolment, otherCohortId)).toContain('6 t av 90 t');
    expect(await employerRow(empThere, 'Bo Berg')).toContain('6 av 90 t');

    // And the other way round: the student withdraws consent through the first process.
    await decide(bo, boEnrolment, 'no');
    expect(await employerRow(empThere, 'Bo Berg')).toBe('');
    expect(await employerRow(empHere, 'Bo Berg')).toBe('');
    await decide(bo, boEnrolment, 'yes');
    expect(await employerRow(empThere, 'Bo Berg')).toContain('6 av 90 t');
  });
});

describe('who may not see a kept part', () => {
  it('answers 404 to everyone but the cohort’s coordinators and administrators, after it was kept', async () => {
    const coord = await as(coordinator);
    const own = await coord.get(`/cohorts/${cohortId}/progress`);
    expect(own.status).toBe(200);
    for (const person of [otherCoordinator, supervisor, employer, ase]) {
      const res = await (await as(person)).get(`/cohorts/${cohortId}/progress`);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Åse Ødegård');
    }
    // An administrator may see every cohort, and sees the same students as the coordinator.
    const asAdmin = await (await as(admin)).get(`/cohorts/${cohortId}/progress`);
    expect(asAdmin.status).toBe(200);
    expect(studentsPart(asAdmin.text)).toBe(studentsPart(own.text));
  });

  it('answers 404 on the employer view to anyone without the employer role, and shows another organisation none of these trainees', async () => {
    expect(await employerRow(await as(employer), 'Bo Berg')).not.toBe('');
    for (const person of [coordinator, supervisor, bo]) expect((await (await as(person)).get('/employer')).status).toBe(404);
    const other = await (await as(otherEmployer)).get('/employer');
    expect(mainText(other.text)).not.toContain('Bo Berg');
  });

  it('keeps no CSRF token and no flash message: each session’s page has its own token outside the kept part', async () => {
    const [one, two] = [await as(coordinator), await as(coordinator)];
    const [first, second] = [await one.get(`/cohorts/${cohortId}/progress`), await two.get(`/cohorts/${cohortId}/progress`)];
    expect(csrfFrom(first.text)).not.toBe(csrfFrom(second.text));
    expect(studentsPart(first.text)).toBe(studentsPart(second.text));
    expect(studentsPart(first.text)).not.toContain('_csrf');
  });
});
