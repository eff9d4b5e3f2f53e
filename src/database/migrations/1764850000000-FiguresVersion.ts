import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose rows the progress figures of an enrolment count, each with an `enrolment_id`. */
export const FIGURE_TABLES = ['practice_entries', 'attendance_records', 'module_signoffs', 'assignment_submissions'] as const;

/**
 * A change counter per enrolment for what the progress views count: practice hours, attendance, module
 * sign-offs and the project assignment. The database moves it on every insert, update and delete in those
 * tables, and for every enrolment of a cohort when one of its teaching days changes (a day cancelled or held
 * changes everyone's attendance rate), whichever part of the application writes, so that a view kept under
 * these counters is known to be still true.
 */
export class FiguresVersion1764850000000 implements MigrationInterface {
  name = 'FiguresVersion1764850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE enrolments ADD COLUMN figures_version integer NOT NULL DEFAULT 0');
    const bump = (where: string) => `UPDATE enrolments SET figures_version = figures_version + 1 WHERE ${where}`;
    if (queryRunner.connection.options.type === 'postgres') {
      // One function per kind of row: those of an enrolment, and a cohort's teaching days. A row moved from one to another moves both.
      const changed = (name: string, key: string, column: string) => `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN ${bump(`${key} = OLD.${column}`)}; END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.${column} IS DISTINCT FROM OLD.${column}) THEN ${bump(`${key} = NEW.${column}`)}; END IF;
  RETURN NULL;
END $$`;
      await queryRunner.query(changed('enrolment_figures_changed', 'id', 'enrolment_id'));
      await queryRunner.query(changed('cohort_figures_changed', 'cohort_id', 'cohort_id'));
      for (const table of FIGURE_TABLES) {
        await queryRunner.query(`CREATE TRIGGER ${table}_figures AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION enrolment_figures_changed()`);
      }
      await queryRunner.query('CREATE TRIGGER teaching_days_figures AFTER INSERT OR UPDATE OR DELETE ON teaching_days FOR EACH ROW EXECUTE FUNCTION cohort_figures_changed()');
      return;
    }
    for (const table of FIGURE_TABLES) {
      await queryRunner.query(`CREATE TRIGGER ${table}_figures_insert AFTER INSERT ON ${table} BEGIN ${bump('id = NEW.enrolment_id')}; END`);
      await queryRunner.query(`CREATE TRIGGER ${table}_figures_update AFTER UPDATE ON ${table} BEGIN ${bump('id IN (OLD.enrolment_id, NEW.enrolment_id)')}; END`);
      await queryRunner.query(`CREATE TRIGGER ${table}_figures_delete AFTER DELETE ON ${table} BEGIN ${bump('id = OLD.enrolment_id')}; END`);
    }
    await queryRunner.query(`CREATE TRIGGER teaching_days_figures_insert AFTER INSERT ON teaching_days BEGIN ${bump('cohort_id = NEW.cohort_id')}; END`);
    await queryRunner.query(`CREATE TRIGGER teaching_days_figures_update AFTER UPDATE ON teaching_days BEGIN ${bump('cohort_id IN (OLD.cohort_id, NEW.cohort_id)')}; END`);
    await queryRunner.query(`CREATE TRIGGER teaching_days_figures_delete AFTER DELETE ON teaching_days BEGIN ${bump('cohort_id = OLD.cohort_id')}; END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      for (const table of [...FIGURE_TABLES, 'teaching_days']) await queryRunner.query(`DROP TRIGGER ${table}_figures ON ${table}`);
      await queryRunner.query('DROP FUNCTION enrolment_figures_changed()');
      await queryRunner.query('DROP FUNCTION cohort_figures_changed()');
    } else {
      for (const table of [...FIGURE_TABLES, 'teaching_days']) {
        for (const event of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER ${table}_figures_${event}`);
      }
    }
    await queryRunner.query('ALTER TABLE enrolments DROP COLUMN figures_version');
  }
}
