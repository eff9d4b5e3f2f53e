import { MigrationInterface, QueryRunner } from 'typeorm';
import { FiguresVersion1764850000000 } from './1764850000000-FiguresVersion';

/**
 * The progress pages and the supervisor's queue are worked out afresh on every visit, so nothing reads the
 * enrolments' figures counter any more: its triggers go, which also spares every write to the practice log,
 * the register, sign-offs and submissions an update of the enrolment, and the column goes with them.
 */
export class DropFiguresVersion1765250000000 implements MigrationInterface {
  name = 'DropFiguresVersion1765250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await new FiguresVersion1764850000000().down(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await new FiguresVersion1764850000000().up(queryRunner);
  }
}
