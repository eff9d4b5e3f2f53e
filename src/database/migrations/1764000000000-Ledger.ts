import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

/** The tamper-evident ledger: hash-chained records and the head row appends lock. */
export class Ledger1764000000000 implements MigrationInterface {
  name = 'Ledger1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'ledger_records',
        columns: [
          t.id(),
          { name: 'sequence', type: 'integer' },
          { name: 'previous_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
          { name: 'action', type: 'varchar', length: '40' },
          { name: 'actor_id', type: 'integer', isNullable: true },
          { name: 'subject_type', type: 'varchar', length: '40' },
          { name: 'subject_id', type: 'integer' },
          // No foreign key: the record must outlive the enrolment it is about.
          { name: 'enrolment_id', type: 'integer', isNullable: true },
          { name: 'payload', type: 'text' },
          // Text, not a timestamp column, so the hashed value reads back identically on both databases.
          { name: 'recorded_at', type: 'varchar', length: '30' },
        ],
        uniques: [{ name: 'UQ_ledger_records_sequence', columnNames: ['sequence'] }],
        foreignKeys: [{ columnNames: ['actor_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'NO ACTION' }],
        indices: [
          { name: 'IDX_ledger_records_subject', columnNames: ['subject_type', 'subject_id'] },
          { name: 'IDX_ledger_records_enrolment', columnNames: ['enrolment_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'ledger_head',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'sequence', type: 'integer' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    await queryRunner.query(`INSERT INTO ledger_head (id, sequence, hash) VALUES (1, 0, '${'0'.repeat(64)}')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ledger_head');
    await queryRunner.dropTable('ledger_records');
  }
}
