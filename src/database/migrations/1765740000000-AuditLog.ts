import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * The append-only audit log. The database itself refuses an update to a row, so neither a bug nor a hand at the
 * console rewrites what happened; rows leave only by the retention job's delete of old ones.
 */
export class AuditLog1765740000000 implements MigrationInterface {
  name = 'AuditLog1765740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          c.id(),
          { name: 'at', type: 'bigint' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'actor_id', type: 'integer', isNullable: true },
          { name: 'subject_id', type: 'integer', isNullable: true },
          { name: 'object_type', type: 'varchar', length: '40', isNullable: true },
          { name: 'object_id', type: 'varchar', length: '40', isNullable: true },
          { name: 'address', type: 'varchar', length: '64', isNullable: true },
          { name: 'detail', type: 'text', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'IDX_audit_events_at', columnNames: ['at'] }));
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'IDX_audit_events_subject', columnNames: ['subject_id', 'at'] }));
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'IDX_audit_events_actor', columnNames: ['actor_id', 'at'] }));
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'IDX_audit_events_kind', columnNames: ['kind', 'at'] }));
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END $$`);
      await queryRunner.query('CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()');
    } else {
      await queryRunner.query("CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END");
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER audit_events_append_only ON audit_events');
      await queryRunner.query('DROP FUNCTION audit_events_append_only()');
    }
    await queryRunner.dropTable('audit_events');
  }
}
