import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * Second factors: one authenticator secret per person, kept encrypted (a row without `enabled_at` is an
 * enrolment not yet confirmed), and single-use recovery codes, of which only a keyed hash is kept.
 */
export class SecondFactor1765750000000 implements MigrationInterface {
  name = 'SecondFactor1765750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'second_factors',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'secret', type: 'text' },
          { name: 'enabled_at', type: 'bigint', isNullable: true },
          { name: 'last_step', type: 'bigint', isNullable: true },
          c.timestamp('created_at'),
        ],
        foreignKeys: [{ name: 'FK_second_factors_user', columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'recovery_codes',
        columns: [c.id(), { name: 'user_id', type: 'integer' }, { name: 'code_hash', type: 'varchar', length: '64' }, { name: 'used_at', type: 'bigint', isNullable: true }, c.timestamp('created_at')],
        uniques: [{ name: 'UQ_recovery_codes_code_hash', columnNames: ['code_hash'] }],
        indices: [{ name: 'IDX_recovery_codes_user', columnNames: ['user_id'] }],
        foreignKeys: [{ name: 'FK_recovery_codes_user', columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('recovery_codes');
    await queryRunner.dropTable('second_factors');
  }
}
