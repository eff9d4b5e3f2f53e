import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session names the person signed in to it, so that a person's sessions can be listed and ended together
 * (a new password ends them all). Sessions that already hold a person are given their owner from their data.
 */
export class SessionOwners1765420000000 implements MigrationInterface {
  name = 'SessionOwners1765420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain SQL, which both databases read alike: on SQLite, TypeORM would rebuild the table from its cached
    // shape, which still has the index of the sessions table that SessionStore1765000000000 replaced.
    await queryRunner.query('ALTER TABLE sessions ADD COLUMN user_id integer NULL');
    await queryRunner.query('CREATE INDEX "IDX_sessions_user_id" ON sessions (user_id)');
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
    await queryRunner.query('DROP INDEX "IDX_sessions_user_id"');
    await queryRunner.query('ALTER TABLE sessions DROP COLUMN user_id');
  }
}
