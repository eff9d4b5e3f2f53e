import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { columnTypes } from './column-types';

/** Teaching days and attendance, lesson progress, reflections, module sign-off and invitations. */
export class Learning1763900000000 implements MigrationInterface {
  name = 'Learning1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL' | 'NO ACTION' = 'CASCADE') => ({
      columnNames: [column],
      referencedTableName: table,
      referencedColumnNames: ['id'],
      onDelete,
    });

    await queryRunner.addColumn('cohorts', new TableColumn({ name: 'teaching_weekdays', type: 'varchar', length: '100', isNullable: true }));

    await queryRunner.createTable(
      new Table({
        name: 'teaching_days',
        columns: [
          t.id(),
          { name: 'cohort_id', type: 'integer' },
          { name: 'date', type: 'date' },
          { name: 'cancelled', type: 'boolean', default: false },
          t.timestamp('created_at'),
          t.version(),
        ],
        uniques: [{ name: 'UQ_teaching_days_cohort_date', columnNames: ['cohort_id', 'date'] }],
        foreignKeys: [fk('cohort_id', 'cohorts')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'attendance_records',
        columns: [
          t.id(),
          { name: 'teaching_day_id', type: 'integer' },
          { name: 'enrolment_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'recorded_by', type: 'integer' },
          t.timestamp('recorded_at'),
        ],
        uniques: [{ name: 'UQ_attendance_day_enrolment', columnNames: ['teaching_day_id', 'enrolment_id'] }],
        foreignKeys: [fk('teaching_day_id', 'teaching_days'), fk('enrolment_id', 'enrolments'), fk('recorded_by', 'users', 'NO ACTION')],
        indices: [{ name: 'IDX_attendance_enrolment', columnNames: ['enrolment_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'attendance_changes',
        columns: [
          t.id(),
          { name: 'teaching_day_id', type: 'integer' },
          { name: 'enrolment_id', type: 'integer' },
          { name: 'old_status', type: 'varchar', length: '10', isNullable: true },
          { name: 'new_status', type: 'varchar', length: '10' },
          { name: 'changed_by', type: 'integer' },
          t.timestamp('changed_at'),
        ],
        foreignKeys: [fk('teaching_day_id', 'teaching_days'), fk('enrolment_id', 'enrolments'), fk('changed_by', 'users', 'NO ACTION')],
        indices: [{ name: 'IDX_attendance_changes_day', columnNames: ['teaching_day_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'lesson_progress',
        columns: [
          { name: 'enrolment_id', type: 'integer', isPrimary: true },
          { name: 'module_key', type: 'varchar', length: '100', isPrimary: true },
          { name: 'lesson_key', type: 'varchar', length: '100', isPrimary: true },
          t.timestamp('completed_at'),
        ],
        foreignKeys: [fk('enrolment_id', 'enrolments')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'reflections',
        columns: [
          t.id(),
          { name: 'enrolment_id', type: 'integer' },
          { name: 'module_key', type: 'varchar', length: '100' },
          { name: 'prompt_key', type: 'varchar', length: '100' },
          { name: 'text', type: 'text' },
          { name: 'themes', type: 'varchar', length: '300' },
          { name: 'shared', type: 'boolean', default: false },
          t.timestamp('created_at'),
          t.timestamp('updated_at'),
          t.version(),
        ],
        foreignKeys: [fk('enrolment_id', 'enrolments')],
        indices: [{ name: 'IDX_reflections_enrolment', columnNames: ['enrolment_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'module_signoffs',
        columns: [
          t.id(),
          { name: 'enrolment_id', type: 'integer' },
          { name: 'module_key', type: 'varchar', length: '100' },
          { name: 'decision', type: 'varchar', length: '20' },
          { name: 'comment', type: 'text', isNullable: true },
          { name: 'decided_by', type: 'integer' },
          t.timestamp('decided_at'),
        ],
        foreignKeys: [fk('enrolment_id', 'enrolments'), fk('decided_by', 'users', 'NO ACTION')],
        indices: [{ name: 'IDX_module_signoffs_enrolment_module', columnNames: ['enrolment_id', 'module_key'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'invitations',
        columns: [
          t.id(),
          { name: 'user_id', type: 'integer' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'used_at', type: 'bigint', isNullable: true },
          { name: 'created_by', type: 'integer' },
          t.timestamp('created_at'),
        ],
        uniques: [{ name: 'UQ_invitations_token_hash', columnNames: ['token_hash'] }],
        foreignKeys: [fk('user_id', 'users'), fk('created_by', 'users', 'NO ACTION')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['invitations', 'module_signoffs', 'reflections', 'lesson_progress', 'attendance_changes', 'attendance_records', 'teaching_days']) {
      await queryRunner.dropTable(table);
    }
    await queryRunner.dropColumn('cohorts', 'teaching_weekdays');
  }
}
