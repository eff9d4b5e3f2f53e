import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * Sessions are kept by express-session's TypeORM store, whose rows have another shape. The sessions of the
 * old shape are dropped with their table: everyone signs in once more after the upgrade. Sign-in throttling
 * counts every attempt before its password is checked, no longer only the failed ones: the column says so.
 */
export class SessionStore1765000000000 implements MigrationInterface {
  name = 'SessionStore1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sessions');
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'expired_at', type: 'bigint' },
          { name: 'json', type: 'text' },
          columnTypes(queryRunner).timestamp('destroyed_at', true),
        ],
        indices: [{ name: 'IDX_sessions_expired_at', columnNames: ['expired_at'] }],
      }),
    );
    await queryRunner.renameColumn('login_throttle', 'failures', 'attempts');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.renameColumn('login_throttle', 'attempts', 'failures');
    await queryRunner.dropTable('sessions');
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'sid', type: 'varchar', length: '255', isPrimary: true },
          { name: 'data', type: 'text' },
          { name: 'expires_at', type: 'bigint' },
        ],
        indices: [{ name: 'IDX_sessions_expires_at', columnNames: ['expires_at'] }],
      }),
    );
  }
}
