import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addDays, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { FIGURE_TABLES } from '../src/database/migrations/1764850000000-FiguresVersion';
import { makeUser, startTestApp, TestApp } from './support/test-app';

// The figures counter of an enrolment (migration FiguresVersion) is what tells the cohort table and the
// employer view that what they showed is no longer true; these tests hold the database to it, on SQLite
// and on PostgreSQL, whatever writes the rows.
let t: TestApp;
let cohortId: number, otherCohortId: number;
let mine: number, neighbour: number, elsewhere: number;
let staffId: number, organisationId: number;

const counters = async (): Promise<Record<number, number>> => {
  const rows: { id: number; figures_version: number | string }[] = await t.dataSource.query(`SELECT id, figures_version FROM enrolments WHERE id IN (${mine}, ${neighbour}, ${elsewhere})`);
  return Object.fromEntries(rows.map((row) => [Number(row.id), Number(row.figures_version)]));
};

/** Runs the statement and answers which of the three enrolments' counters moved. */
async function moved(sql: string): Promise<number[]> {
  const before = await counters();
  await t.dataSource.query(sql);
  const after = await counters();
  return [mine, neighbour, elsewhere].filter((id) => after[id] !== before[id]);
}

beforeAll(async () => {
  t = await startTestApp();
  const version = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
  const cohorts = t.app.get(CohortSetupService);
  const coordinator = await makeUser(t, ['coordinator']);
  staffId = coordinator.id;
  organisationId = (await t.users.createOrganisation('Praksisstedet')).id;
  const start = addDays(today(), -20);
  cohortId = (await cohorts.create({ name: 'Kull A', curriculumVersionId: version.id, startDate: start, coordinatorIds: [coordinator.id] })).id;
  otherCohortId = (await cohorts.create({ name: 'Kull B', curriculumVersionId: version.id, startDate: start, coordinatorIds: [coordinator.id] })).id;
  const enrol = async (cohort: number) => (await cohorts.enrol({ cohortId: cohort, studentId: (await makeUser(t, ['student'])).id, supervisorIds: [] })).id;
  mine = await enrol(cohortId);
  neighbour = await enrol(cohortId);
  elsewhere = await enrol(otherCohortId);
});

afterAll(async () => {
  await t.close();
});

const insert: Record<(typeof FIGURE_TABLES)[number], (enrolmentId: number) => string> = {
  practice_entries: (id) =>
    `INSERT INTO practice_entries (enrolment_id, date, quarter_hours, placement_id, category, description, state) VALUES (${id}, '${today()}', 8, ${organisationId}, 'individual-support', 'Praksis', 'draft')`,
  attendance_records: (id) =>
    `INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by) SELECT MIN(d.id), ${id}, 'present', ${staffId} FROM teaching_days d JOIN enrolments e ON e.cohort_id = d.cohort_id WHERE e.id = ${id}`,
  module_signoffs: (id) => `INSERT INTO module_signoffs (enrolment_id, module_key, decision, decided_by) VALUES (${id}, 'modul', 'signed_off', ${staffId})`,
  assignment_submissions: (id) =>
    `INSERT INTO assignment_submissions (enrolment_id, milestone_key, number, text, state, submitted_by) VALUES (${id}, 'utkast', 1, 'Tekst', 'submitted', ${staffId})`,
};

describe("an enrolment's figures counter", () => {
  it.each(FIGURE_TABLES)('moves on every insert, update and delete in %s, for that enrolment only', async (table) => {
    expect(await moved(insert[table](mine))).toEqual([mine]);
    expect(await moved(`UPDATE ${table} SET enrolment_id = enrolment_id WHERE enrolment_id = ${mine}`)).toEqual([mine]);
    expect(await moved(`DELETE FROM ${table} WHERE enrolment_id = ${mine}`)).toEqual([mine]);
  });

  it('moves for both enrolments when a row is moved from one to the other', async () => {
    await t.dataSource.query(insert.practice_entries(mine));
    expect(await moved(`UPDATE practice_entries SET enrolment_id = ${neighbour} WHERE enrolment_id = ${mine}`)).toEqual([mine, neighbour]);
  });

  it("moves for every enrolment of the cohort when one of its teaching days changes, and for no other cohort's", async () => {
    const [day] = await t.dataSource.query(`SELECT MIN(id) AS id FROM teaching_days WHERE cohort_id = ${cohortId}`);
    expect(await moved(`UPDATE teaching_days SET cancelled = true WHERE id = ${day.id}`)).toEqual([mine, neighbour]);
    expect(await moved(`INSERT INTO teaching_days (cohort_id, date, cancelled) VALUES (${cohortId}, '2099-01-05', false)`)).toEqual([mine, neighbour]);
    expect(await moved(`DELETE FROM teaching_days WHERE cohort_id = ${cohortId} AND date = '2099-01-05'`)).toEqual([mine, neighbour]);
  });

  it('does not move for a read, nor for changes that the figures do not count', async () => {
    expect(await moved(`SELECT COUNT(*) FROM practice_entries WHERE enrolment_id = ${mine}`)).toEqual([]);
    expect(await moved(`UPDATE users SET name = 'Nytt navn' WHERE id = ${staffId}`)).toEqual([]);
  });
});
