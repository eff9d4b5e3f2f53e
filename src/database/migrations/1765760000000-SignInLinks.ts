import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * A person's account tied to their identity at the OpenID provider (issuer and subject), made when they accept
 * an invitation through the provider or link it from their profile; single sign-on then finds them by it.
 */
export class SignInLinks1765760000000 implements MigrationInterface {
  name = 'SignInLinks1765760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'sign_in_links',
        columns: [
          c.id(),
          { name: 'user_id', type: 'integer' },
          { name: 'issuer', type: 'varchar', length: '500' },
          { name: 'subject', type: 'varchar', length: '255' },
          c.timestamp('created_at'),
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createIndex('sign_in_links', new TableIndex({ name: 'UQ_sign_in_links_subject', columnNames: ['issuer', 'subject'], isUnique: true }));
    await queryRunner.createIndex('sign_in_links', new TableIndex({ name: 'IDX_sign_in_links_user', columnNames: ['user_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sign_in_links');
  }
}
