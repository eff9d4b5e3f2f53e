import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Drops the index on practice entries by (state, submitted_at). Its only reader is the supervision queue,
 * which always asks for one supervisor's enrolments; SQLite (which keeps no statistics unless told to)
 * chose this index to avoid sorting and so walked every submitted entry of the whole installation
 * (~0.4 s with 1,000,000 entries). Without it the queue starts from the supervisor's enrolments and
 * reads their entries through (enrolment_id, state): about 1 ms at any size.
 */
export class PerformanceIndexes1764550000000 implements MigrationInterface {
  name = 'PerformanceIndexes1764550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('practice_entries', 'IDX_practice_entries_state_submitted');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('practice_entries', new TableIndex({ name: 'IDX_practice_entries_state_submitted', columnNames: ['state', 'submitted_at'] }));
  }
}
