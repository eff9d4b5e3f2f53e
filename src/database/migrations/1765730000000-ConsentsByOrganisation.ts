import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * An employer's navigation counts the consents to their organisation that ended lately, on every page they open:
 * with this index that count reads the organisation's recent consent rows only, not every consent of the installation.
 */
export class ConsentsByOrganisation1765730000000 implements MigrationInterface {
  name = 'ConsentsByOrganisation1765730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('employer_consents', new TableIndex({ name: 'IDX_employer_consents_organisation_changed', columnNames: ['organisation_id', 'changed_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('employer_consents', 'IDX_employer_consents_organisation_changed');
  }
}
