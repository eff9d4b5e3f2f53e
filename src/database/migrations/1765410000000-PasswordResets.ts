import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

/** One-time links to choose a new password, asked for by e-mail; only the token's hash is kept. */
export class PasswordResets1765410000000 implements MigrationInterface {
  name = 'PasswordResets1765410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'password_resets',
        columns: [
          c.id(),
          { name: 'user_id', type: 'integer' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'used_at', type: 'bigint', isNullable: true },
          c.timestamp('created_at'),
        ],
        uniques: [{ name: 'UQ_password_resets_token_hash', columnNames: ['token_hash'] }],
        indices: [{ name: 'IDX_password_resets_user', columnNames: ['user_id'] }],
        foreignKeys: [{ name: 'FK_password_resets_user', columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('password_resets');
  }
}
