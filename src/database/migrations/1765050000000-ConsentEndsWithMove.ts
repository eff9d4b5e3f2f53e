import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A consent is given to one organisation for one enrolment, so moving the enrolment to another employer ends
 * it: the database records an ended-by-move row for the consenting organisation in the same statement as the
 * move, whichever part of the application moves it, and moving back then needs a new grant. `cause` tells the
 * student's own withdrawals from those. Consents an earlier move left standing end now in the same way.
 */
export class ConsentEndsWithMove1765050000000 implements MigrationInterface {
  name = 'ConsentEndsWithMove1765050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE employer_consents ADD COLUMN cause varchar(10) NOT NULL DEFAULT 'student'");
    // The enrolment's latest row, when it is a grant, is the consent a move ends.
    const endGrant = (enrolment: string) =>
      `INSERT INTO employer_consents (enrolment_id, organisation_id, granted, cause) SELECT c.enrolment_id, c.organisation_id, false, 'move' ` +
      `FROM employer_consents c WHERE c.enrolment_id = ${enrolment} AND c.granted ` +
      `AND c.id = (SELECT MAX(c2.id) FROM employer_consents c2 WHERE c2.enrolment_id = ${enrolment})`;
    await queryRunner.query(
      `${endGrant('c.enrolment_id')} AND EXISTS (SELECT 1 FROM enrolments e WHERE e.id = c.enrolment_id ` +
        'AND (e.employer_organisation_id IS NULL OR e.employer_organisation_id <> c.organisation_id))',
    );
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE FUNCTION enrolment_employer_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${endGrant('NEW.id')};
  RETURN NULL;
END $$`);
      await queryRunner.query(
        'CREATE TRIGGER enrolments_employer_moved AFTER UPDATE OF employer_organisation_id ON enrolments FOR EACH ROW ' +
          'WHEN (OLD.employer_organisation_id IS DISTINCT FROM NEW.employer_organisation_id) EXECUTE FUNCTION enrolment_employer_moved()',
      );
      return;
    }
    await queryRunner.query(
      'CREATE TRIGGER enrolments_employer_moved AFTER UPDATE OF employer_organisation_id ON enrolments ' +
        `WHEN OLD.employer_organisation_id IS NOT NEW.employer_organisation_id BEGIN ${endGrant('NEW.id')}; END`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER enrolments_employer_moved ON enrolments');
      await queryRunner.query('DROP FUNCTION enrolment_employer_moved()');
    } else {
      await queryRunner.query('DROP TRIGGER enrolments_employer_moved');
    }
    await queryRunner.query('ALTER TABLE employer_consents DROP COLUMN cause');
  }
}
