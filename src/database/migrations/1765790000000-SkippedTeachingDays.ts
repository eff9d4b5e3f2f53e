import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

/**
 * The weekdays a cohort's schedule would have taught on but that were left out as Norwegian days off, with the
 * holiday's name, so the coordinator can see them and add one back. Read only by the teaching-days page, which is
 * made for every visit, so no change stamp is needed.
 */
export class SkippedTeachingDays1765790000000 implements MigrationInterface {
  name = 'SkippedTeachingDays1765790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'skipped_teaching_days',
        columns: [c.id(), { name: 'cohort_id', type: 'integer' }, { name: 'date', type: 'date' }, { name: 'holiday', type: 'text' }, c.timestamp('created_at')],
        uniques: [{ name: 'UQ_skipped_teaching_days_cohort_date', columnNames: ['cohort_id', 'date'] }],
        foreignKeys: [{ name: 'FK_skipped_teaching_days_cohort', columnNames: ['cohort_id'], referencedTableName: 'cohorts', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('skipped_teaching_days');
  }
}
