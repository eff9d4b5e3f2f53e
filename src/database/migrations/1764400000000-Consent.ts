import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

/** The student's consent to their employer following their progress, and the log of every look. */
export class Consent1764400000000 implements MigrationInterface {
  name = 'Consent1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'employer_consents',
        columns: [
          t.id(),
          { name: 'enrolment_id', type: 'integer' },
          { name: 'organisation_id', type: 'integer' },
          { name: 'granted', type: 'boolean' },
          t.timestamp('changed_at'),
        ],
        foreignKeys: [
          { columnNames: ['enrolment_id'], referencedTableName: 'enrolments', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['organisation_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'] },
        ],
        indices: [{ name: 'IDX_employer_consents_enrolment', columnNames: ['enrolment_id', 'id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'employer_views',
        columns: [
          t.id(),
          { name: 'enrolment_id', type: 'integer' },
          { name: 'viewer_id', type: 'integer' },
          { name: 'organisation_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '10' },
          t.timestamp('viewed_at'),
        ],
        foreignKeys: [
          { columnNames: ['enrolment_id'], referencedTableName: 'enrolments', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['viewer_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
          { columnNames: ['organisation_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'] },
        ],
        indices: [
          { name: 'IDX_employer_views_enrolment', columnNames: ['enrolment_id'] },
          { name: 'IDX_employer_views_viewer', columnNames: ['viewer_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('employer_views');
    await queryRunner.dropTable('employer_consents');
  }
}
