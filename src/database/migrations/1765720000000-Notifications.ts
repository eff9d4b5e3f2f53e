import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * Notifications: what each person is told (listed for 60 days), their choice per kind, and the daily digests
 * sent; and extra header fields on outgoing mail, for the one-click unsubscribe of notification mail.
 */
export class Notifications1765720000000 implements MigrationInterface {
  name = 'Notifications1765720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.addColumn('mail_outbox', new TableColumn({ name: 'headers', type: 'text', isNullable: true }));
    const user = (table: string) => ({
      name: `FK_${table}_user`,
      columnNames: ['user_id'],
      referencedTableName: 'users',
      referencedColumnNames: ['id'],
      onDelete: 'CASCADE',
    });
    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          c.id(),
          { name: 'user_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '30' },
          { name: 'group_key', type: 'varchar', length: '100', isNullable: true },
          { name: 'once_key', type: 'varchar', length: '150', isNullable: true },
          { name: 'data', type: 'text' },
          { name: 'link', type: 'varchar', length: '300' },
          { name: 'created_at', type: 'bigint' },
          { name: 'last_event_at', type: 'bigint' },
          { name: 'read_at', type: 'bigint', isNullable: true },
          { name: 'delivery', type: 'varchar', length: '10' },
          { name: 'mailed_at', type: 'bigint', isNullable: true },
          c.version(),
        ],
        // Several rows may have no once_key: both databases let NULLs repeat in a unique index.
        uniques: [{ name: 'UQ_notifications_once', columnNames: ['once_key'] }],
        indices: [
          // A person's list, newest first, of the last 60 days; and the row an event may join.
          { name: 'IDX_notifications_user_recent', columnNames: ['user_id', 'last_event_at'] },
          // What waits to be mailed, at once or in the digest.
          { name: 'IDX_notifications_delivery', columnNames: ['delivery', 'last_event_at'] },
        ],
        foreignKeys: [user('notifications')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_preferences',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '30', isPrimary: true },
          { name: 'choice', type: 'varchar', length: '10' },
          { name: 'updated_at', type: 'bigint' },
        ],
        foreignKeys: [user('notification_preferences')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_digests',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'day', type: 'varchar', length: '10', isPrimary: true },
          { name: 'sent_at', type: 'bigint' },
        ],
        foreignKeys: [user('notification_digests')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notification_digests');
    await queryRunner.dropTable('notification_preferences');
    await queryRunner.dropTable('notifications');
    await queryRunner.dropColumn('mail_outbox', 'headers');
  }
}
