import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes } from './column-types';

/** The mail outbox: each message stored with the act that causes it, delivered later with retries. */
export class MailOutbox1765300000000 implements MigrationInterface {
  name = 'MailOutbox1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'mail_outbox',
        columns: [
          c.id(),
          { name: 'to_address', type: 'varchar', length: '254' },
          { name: 'template', type: 'varchar', length: '100' },
          { name: 'locale', type: 'varchar', length: '5' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'html', type: 'text' },
          { name: 'text', type: 'text' },
          { name: 'state', type: 'varchar', length: '10', default: "'pending'" },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: 'bigint' },
          { name: 'lease_until', type: 'bigint', isNullable: true },
          { name: 'lease_owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'sent_at', type: 'bigint', isNullable: true },
          { name: 'smtp_response', type: 'varchar', length: '500', isNullable: true },
          c.timestamp('created_at'),
        ],
      }),
    );
    await queryRunner.createIndex('mail_outbox', new TableIndex({ name: 'IDX_mail_outbox_due', columnNames: ['state', 'next_attempt_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('mail_outbox');
  }
}
