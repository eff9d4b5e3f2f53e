import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVERY_COHORT } from '../database/migrations/1765600000000-ChangeStamps';
import { PreparedSql } from '../database/prepared-sql';

/** Whose content is kept: one cohort's students, or the trainees one organisation employs. */
export type KeptScope = { cohortId: number } | { organisationId: number };

/**
 * The change stamps a kept content depends on, read in one statement: its cohort's and the stamp of every
 * cohort; for an organisation, those of each cohort its trainees are in (an enrolment moved in or out moves its
 * cohort's stamp, and changes the set).
 */
@Injectable()
export class ChangeStampsRepository {
  private readonly ofCohort: PreparedSql<{ cohortId: number }>;
  private readonly ofOrganisation: PreparedSql<{ organisationId: number }>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.ofCohort = new PreparedSql(dataSource, `SELECT cohort_id AS "cohortId", stamp FROM change_stamps WHERE cohort_id IN (${EVERY_COHORT}, :cohortId) ORDER BY cohort_id`);
    this.ofOrganisation = new PreparedSql(
      dataSource,
      `SELECT cohort_id AS "cohortId", stamp FROM change_stamps WHERE cohort_id = ${EVERY_COHORT} ` +
        'OR cohort_id IN (SELECT e.cohort_id FROM enrolments e WHERE e.employer_organisation_id = :organisationId) ORDER BY cohort_id',
    );
  }

  /** The stamps as one short text ("0:3 12:41"), for a key. */
  async of(scope: KeptScope): Promise<string> {
    type Row = { cohortId: number | string; stamp: number | string };
    const rows = 'cohortId' in scope ? await this.ofCohort.rows<Row>(scope) : await this.ofOrganisation.rows<Row>(scope);
    return rows.map((row) => `${row.cohortId}:${row.stamp}`).join(' ');
  }
}
