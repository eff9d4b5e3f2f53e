import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

/**
 * An invitation can be withdrawn, and may name the cohort it invites into (for its e-mail and so that the
 * cohort's coordinators can manage it). The list of invitations reads each person's latest one: by person.
 */
export class InvitationStates1765400000000 implements MigrationInterface {
  name = 'InvitationStates1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('invitations', [
      new TableColumn({ name: 'cohort_id', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'withdrawn_at', type: 'bigint', isNullable: true }),
    ]);
    await queryRunner.createForeignKey(
      'invitations',
      new TableForeignKey({ name: 'FK_invitations_cohort', columnNames: ['cohort_id'], referencedTableName: 'cohorts', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
    );
    await queryRunner.createIndex('invitations', new TableIndex({ name: 'IDX_invitations_user', columnNames: ['user_id'] }));
    await queryRunner.createIndex('invitations', new TableIndex({ name: 'IDX_invitations_cohort', columnNames: ['cohort_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('invitations', 'IDX_invitations_cohort');
    await queryRunner.dropIndex('invitations', 'IDX_invitations_user');
    await queryRunner.dropForeignKey('invitations', 'FK_invitations_cohort');
    await queryRunner.dropColumn('invitations', 'withdrawn_at');
    await queryRunner.dropColumn('invitations', 'cohort_id');
  }
}
