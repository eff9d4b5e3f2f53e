import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What administrators keep about people and organisations: when each person last signed in, and for each
 * organisation whether it employs trainees, takes them on placement or both, its Norwegian organisation
 * number (unique where given), a contact address and a version for guarded edits.
 */
export class PeopleAndOrganisations1765500000000 implements MigrationInterface {
  name = 'PeopleAndOrganisations1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users ADD COLUMN last_sign_in_at bigint');
    // Every organisation so far was chosen as a trainee's employer.
    await queryRunner.query("ALTER TABLE organisations ADD COLUMN kind varchar(20) NOT NULL DEFAULT 'employer'");
    await queryRunner.query('ALTER TABLE organisations ADD COLUMN organisation_number varchar(9)');
    await queryRunner.query('ALTER TABLE organisations ADD COLUMN contact_email varchar(254)');
    await queryRunner.query('ALTER TABLE organisations ADD COLUMN version integer NOT NULL DEFAULT 1');
    await queryRunner.query('CREATE UNIQUE INDEX "UQ_organisations_number" ON organisations (organisation_number)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "UQ_organisations_number"');
    for (const column of ['version', 'contact_email', 'organisation_number', 'kind']) await queryRunner.query(`ALTER TABLE organisations DROP COLUMN ${column}`);
    await queryRunner.query('ALTER TABLE users DROP COLUMN last_sign_in_at');
  }
}
