import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * A session names the person signed in to it, so that a person's sessions can be listed and ended together
 * (a new password ends them all). Sessions that already hold a person are given their owner from their data.
 */
export class SessionOwners1765420000000 implements MigrationInterface {
  name = 'SessionOwners1765420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('sessions', new TableColumn({ name: 'user_id', type: 'integer', isNullable: true }));
    await queryRunner.createIndex('sessions', new TableIndex({ name: 'IDX_sessions_user_id', columnNames: ['user_id'] }));
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(
        "UPDATE sessions SET user_id = CAST(CAST(json AS json) -> 'passport' ->> 'user' AS INTEGER) " +
          "WHERE (CAST(json AS json) -> 'passport' ->> 'user') ~ '^[0-9]{1,9}$'",
      );
    } else {
      await queryRunner.query(
        "UPDATE sessions SET user_id = CAST(json_extract(json, '$.passport.user') AS INTEGER) " +
          "WHERE json_valid(json) AND json_type(json, '$.passport.user') = 'integer'",
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('sessions', 'IDX_sessions_user_id');
    await queryRunner.dropColumn('sessions', 'user_id');
  }
}
