import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey } from 'typeorm';
import { columnTypes } from './column-types';

/** The project assignment: versions handed in per milestone, their files and the assessor's feedback; the named assessor per enrolment. */
export class Assignments1764200000000 implements MigrationInterface {
  name = 'Assignments1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'assignment_submissions',
        columns: [
          t.id(),
          { name: 'enrolment_id', type: 'integer' },
          { name: 'milestone_key', type: 'varchar', length: '100' },
          { name: 'number', type: 'integer' },
          { name: 'text', type: 'text' },
          { name: 'state', type: 'varchar', length: '20' },
          { name: 'submitted_by', type: 'integer' },
          t.timestamp('submitted_at'),
          t.version(),
        ],
        // Two versions can never get the same number, even when two hand-ins race.
        uniques: [{ name: 'UQ_assignment_submissions_number', columnNames: ['enrolment_id', 'milestone_key', 'number'] }],
        foreignKeys: [
          { columnNames: ['enrolment_id'], referencedTableName: 'enrolments', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['submitted_by'], referencedTableName: 'users', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'submission_files',
        columns: [
          t.id(),
          { name: 'submission_id', type: 'integer' },
          { name: 'original_name', type: 'varchar', length: '255' },
          { name: 'stored_name', type: 'varchar', length: '64' },
          { name: 'media_type', type: 'varchar', length: '100' },
          { name: 'size_bytes', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
        ],
        uniques: [{ name: 'UQ_submission_files_stored_name', columnNames: ['stored_name'] }],
        foreignKeys: [{ columnNames: ['submission_id'], referencedTableName: 'assignment_submissions', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [{ name: 'IDX_submission_files_submission', columnNames: ['submission_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'assignment_feedback',
        columns: [
          t.id(),
          { name: 'submission_id', type: 'integer' },
          { name: 'assessor_id', type: 'integer' },
          { name: 'decision', type: 'varchar', length: '20' },
          { name: 'text', type: 'text' },
          t.timestamp('created_at'),
        ],
        // One decision per version: a second one for the same version fails rather than overwrites.
        uniques: [{ name: 'UQ_assignment_feedback_submission', columnNames: ['submission_id'] }],
        foreignKeys: [
          { columnNames: ['submission_id'], referencedTableName: 'assignment_submissions', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['assessor_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
        ],
      }),
    );

    // The supervisor the coordinator names to assess this enrolment's assignment; null means the coordinators only.
    await queryRunner.addColumn('enrolments', new TableColumn({ name: 'assessor_id', type: 'integer', isNullable: true }));
    await queryRunner.createForeignKey(
      'enrolments',
      new TableForeignKey({ name: 'FK_enrolments_assessor', columnNames: ['assessor_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropForeignKey('enrolments', 'FK_enrolments_assessor');
    await queryRunner.dropColumn('enrolments', 'assessor_id');
    await queryRunner.dropTable('assignment_feedback');
    await queryRunner.dropTable('submission_files');
    await queryRunner.dropTable('assignment_submissions');
  }
}
