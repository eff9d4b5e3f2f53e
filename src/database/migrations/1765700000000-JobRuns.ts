import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes } from './column-types';

/** Claims on scheduled job slots: the unique (name, slot) lets one server process take each slot. */
export class JobRuns1765700000000 implements MigrationInterface {
  name = 'JobRuns1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'job_runs',
        columns: [
          c.id(),
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'slot', type: 'varchar', length: '40' },
          { name: 'state', type: 'varchar', length: '10' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'lease_owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'lease_until', type: 'bigint', default: 0 },
          { name: 'started_at', type: 'bigint', isNullable: true },
          { name: 'finished_at', type: 'bigint', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('job_runs', new TableIndex({ name: 'UQ_job_runs_slot', columnNames: ['name', 'slot'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('job_runs');
  }
}
