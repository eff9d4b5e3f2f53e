import { MigrationInterface, QueryRunner } from 'typeorm';

/** The stamp row that every cohort's kept content also reads: for rows that lead to no one cohort cheaply. */
export const EVERY_COHORT = 0;

/**
 * How a changed row leads to the stamp it moves: through a column holding the cohort's id, through the
 * enrolment it belongs to, or to the stamp of every cohort (for tables that change rarely, and then only in
 * the columns listed; an empty list is any column).
 */
type Lead = { cohort: string } | { enrolment: string } | { everyCohort: string[] };

/** Every table a kept page content reads, and the stamp a change to one of its rows moves. */
export const STAMPED: Record<string, Lead> = {
  cohorts: { cohort: 'id' },
  enrolments: { cohort: 'cohort_id' },
  teaching_days: { cohort: 'cohort_id' },
  practice_entries: { enrolment: 'enrolment_id' },
  attendance_records: { enrolment: 'enrolment_id' },
  module_signoffs: { enrolment: 'enrolment_id' },
  assignment_submissions: { enrolment: 'enrolment_id' },
  employer_consents: { enrolment: 'enrolment_id' },
  users: { everyCohort: ['name'] },
  organisations: { everyCohort: ['name'] },
  curriculum_versions: { everyCohort: [] },
};

export const STAMPED_TABLES = Object.keys(STAMPED);

/**
 * A change stamp per cohort, moved on by the database itself on every insert, update and delete of a row
 * that a kept page content (the coordinator's cohort table, the employer view) reads, in the same statement:
 * whichever part of the application writes, in whichever server process, a content kept under the stamps it
 * was made from is known to be still true while they have not moved. One row per cohort, so that writers in
 * different cohorts never wait for each other on PostgreSQL; row 0 for names, organisations and programme
 * versions, which change rarely and lead to no one cohort cheaply.
 */
export class ChangeStamps1765600000000 implements MigrationInterface {
  name = 'ChangeStamps1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query(`CREATE TABLE change_stamps (cohort_id integer PRIMARY KEY NOT NULL, stamp ${postgres ? 'bigint' : 'integer'} NOT NULL DEFAULT 0)`);
    await queryRunner.query(`INSERT INTO change_stamps (cohort_id, stamp) SELECT id, 0 FROM cohorts UNION ALL SELECT ${EVERY_COHORT}, 0`);
    for (const [table, lead] of Object.entries(STAMPED)) {
      for (const statement of postgres ? postgresTriggers(table, lead) : sqliteTriggers(table, lead)) await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    for (const table of STAMPED_TABLES) {
      if (postgres) {
        await queryRunner.query(`DROP TRIGGER ${table}_change_stamp ON ${table}`);
        await queryRunner.query(`DROP FUNCTION ${table}_change_stamp()`);
      } else {
        for (const event of sqliteEvents(STAMPED[table])) await queryRunner.query(`DROP TRIGGER ${table}_change_stamp_${event}`);
      }
    }
    await queryRunner.query('DROP TABLE change_stamps');
  }
}

/** Moves on the stamp of the cohort `select` names (no row: nothing); a cohort without a stamp row gets one. */
function bump(select: string): string {
  return `INSERT INTO change_stamps (cohort_id, stamp) ${select} ON CONFLICT (cohort_id) DO UPDATE SET stamp = change_stamps.stamp + 1`;
}

/** The cohort a row (`OLD` or `NEW`) leads to, as the SELECT of `bump`; `also` narrows it further. */
function cohortOf(lead: Lead, row: 'OLD' | 'NEW', also = 'true'): string {
  if ('cohort' in lead) return `SELECT ${row}.${lead.cohort}, 1 WHERE ${row}.${lead.cohort} IS NOT NULL AND ${also}`;
  if ('enrolment' in lead) return `SELECT e.cohort_id, 1 FROM enrolments e WHERE e.id = ${row}.${lead.enrolment} AND ${also}`;
  // SQLite needs a WHERE before ON CONFLICT to read the statement as an upsert.
  return `SELECT ${EVERY_COHORT}, 1 WHERE true`;
}

const column = (lead: Lead) => ('cohort' in lead ? lead.cohort : 'enrolment' in lead ? lead.enrolment : undefined);

function sqliteEvents(lead: Lead): string[] {
  return 'everyCohort' in lead ? ['update', 'delete'] : ['insert', 'update', 'delete'];
}

function sqliteTriggers(table: string, lead: Lead): string[] {
  const name = (event: string) => `${table}_change_stamp_${event}`;
  if ('everyCohort' in lead) {
    const of = lead.everyCohort.length ? ` OF ${lead.everyCohort.join(', ')}` : '';
    return [
      `CREATE TRIGGER ${name('update')} AFTER UPDATE${of} ON ${table} BEGIN ${bump(cohortOf(lead, 'NEW'))}; END`,
      `CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${table} BEGIN ${bump(cohortOf(lead, 'OLD'))}; END`,
    ];
  }
  // A row moved from one cohort or enrolment to another moves both stamps.
  const moved = `NEW.${column(lead)} IS NOT OLD.${column(lead)}`;
  return [
    `CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${table} BEGIN ${bump(cohortOf(lead, 'NEW'))}; END`,
    `CREATE TRIGGER ${name('update')} AFTER UPDATE ON ${table} BEGIN ${bump(cohortOf(lead, 'OLD'))}; ${bump(cohortOf(lead, 'NEW', moved))}; END`,
    `CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${table} BEGIN ${bump(cohortOf(lead, 'OLD'))}; END`,
  ];
}

function postgresTriggers(table: string, lead: Lead): string[] {
  const fn = `${table}_change_stamp`;
  if ('everyCohort' in lead) {
    const of = lead.everyCohort.length ? ` OF ${lead.everyCohort.join(', ')}` : '';
    return [
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${bump(cohortOf(lead, 'NEW'))}; RETURN NULL; END $$`,
      `CREATE TRIGGER ${fn} AFTER UPDATE${of} OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    ];
  }
  const moved = `NEW.${column(lead)} IS DISTINCT FROM OLD.${column(lead)}`;
  return [
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN ${bump(cohortOf(lead, 'OLD'))}; END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND ${moved}) THEN ${bump(cohortOf(lead, 'NEW'))}; END IF;
  RETURN NULL;
END $$`,
    `CREATE TRIGGER ${fn} AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
  ];
}
