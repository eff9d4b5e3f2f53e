import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes } from './column-types';

/** Requests to erase a person's data: waiting, cancelled, or completed (with who confirmed, and when). */
export class ErasureRequests1765781000000 implements MigrationInterface {
  name = 'ErasureRequests1765781000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'erasure_requests',
        columns: [
          c.id(),
          { name: 'user_id', type: 'integer' },
          { name: 'requested_by', type: 'integer', isNullable: true },
          { name: 'requested_at', type: 'bigint' },
          { name: 'state', type: 'varchar', length: '10' },
          { name: 'cancelled_by', type: 'integer', isNullable: true },
          { name: 'cancelled_at', type: 'bigint', isNullable: true },
          { name: 'confirmed_by', type: 'integer', isNullable: true },
          { name: 'completed_at', type: 'bigint', isNullable: true },
        ],
        // The person's row stays as an anonymous tombstone, so the request can point at it.
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'NO ACTION' }],
      }),
    );
    await queryRunner.createIndex('erasure_requests', new TableIndex({ name: 'IDX_erasure_requests_user', columnNames: ['user_id'] }));
    await queryRunner.createIndex('erasure_requests', new TableIndex({ name: 'IDX_erasure_requests_state', columnNames: ['state', 'requested_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('erasure_requests');
  }
}
