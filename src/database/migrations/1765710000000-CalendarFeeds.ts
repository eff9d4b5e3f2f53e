import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a private calendar feed needs: when and where a cohort is usually taught (start and end as HH:MM in
 * Oslo time, and a place), a teaching day's own time and place where it differs (null: the cohort's), and per
 * person the generation of their feed's address, which renewing moves on so that the old address stops working.
 * Cohorts that exist already are taught 09:00–15:00 at a place not yet given.
 */
export class CalendarFeeds1765710000000 implements MigrationInterface {
  name = 'CalendarFeeds1765710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain SQL, which both databases read alike; TypeORM's table API would rebuild SQLite tables that carry triggers.
    await queryRunner.query("ALTER TABLE cohorts ADD COLUMN start_time varchar(5) NOT NULL DEFAULT '09:00'");
    await queryRunner.query("ALTER TABLE cohorts ADD COLUMN end_time varchar(5) NOT NULL DEFAULT '15:00'");
    await queryRunner.query("ALTER TABLE cohorts ADD COLUMN place varchar(200) NOT NULL DEFAULT ''");
    await queryRunner.query('ALTER TABLE teaching_days ADD COLUMN start_time varchar(5) NULL');
    await queryRunner.query('ALTER TABLE teaching_days ADD COLUMN end_time varchar(5) NULL');
    await queryRunner.query('ALTER TABLE teaching_days ADD COLUMN place varchar(200) NULL');
    await queryRunner.query('ALTER TABLE users ADD COLUMN calendar_generation integer NOT NULL DEFAULT 1');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users DROP COLUMN calendar_generation');
    for (const column of ['place', 'end_time', 'start_time']) await queryRunner.query(`ALTER TABLE teaching_days DROP COLUMN ${column}`);
    for (const column of ['place', 'end_time', 'start_time']) await queryRunner.query(`ALTER TABLE cohorts DROP COLUMN ${column}`);
  }
}
