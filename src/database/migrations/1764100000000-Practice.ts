import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

/** The practice log. */
export class Practice1764100000000 implements MigrationInterface {
  name = 'Practice1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'practice_entries',
        columns: [
          t.id(),
          { name: 'enrolment_id', type: 'integer' },
          { name: 'date', type: 'date' },
          { name: 'quarter_hours', type: 'integer' },
          { name: 'placement_id', type: 'integer' },
          { name: 'category', type: 'varchar', length: '100' },
          { name: 'description', type: 'text' },
          { name: 'reflection', type: 'text', isNullable: true },
          { name: 'reflection_themes', type: 'varchar', length: '300', default: "''" },
          { name: 'reflection_shared', type: 'boolean', default: false },
          { name: 'state', type: 'varchar', length: '12' },
          { name: 'return_comment', type: 'text', isNullable: true },
          t.timestamp('submitted_at', true),
          t.timestamp('decided_at', true),
          { name: 'decided_by', type: 'integer', isNullable: true },
          t.timestamp('created_at'),
          t.timestamp('updated_at'),
          t.version(),
        ],
        foreignKeys: [
          { columnNames: ['enrolment_id'], referencedTableName: 'enrolments', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['placement_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'] },
          { columnNames: ['decided_by'], referencedTableName: 'users', referencedColumnNames: ['id'] },
        ],
        indices: [
          { name: 'IDX_practice_entries_enrolment_date', columnNames: ['enrolment_id', 'date'] },
          { name: 'IDX_practice_entries_enrolment_state', columnNames: ['enrolment_id', 'state'] },
          { name: 'IDX_practice_entries_state_submitted', columnNames: ['state', 'submitted_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('practice_entries');
  }
}
