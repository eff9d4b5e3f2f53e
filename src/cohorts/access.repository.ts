import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isTrue, PreparedSql } from '../database/prepared-sql';
import type { Cohort } from './cohort.entity';

/** What the progress views need of a cohort: no coordinators or enrolments loaded. */
export type CohortInBrief = Pick<Cohort, 'id' | 'name' | 'startDate' | 'curriculumVersionId'>;

/** The relationships access is decided from, read in as few statements as the rule allows. */
@Injectable()
export class AccessRepository {
  private readonly cohortWithRole: PreparedSql<{ cohortId: number; userId: number }>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    // The pages read most (the cohort table and its export) ask this: one statement prepared once, and only the cohort's own fields.
    this.cohortWithRole = new PreparedSql(
      dataSource,
      'SELECT c.id, c.name, CAST(c.start_date AS VARCHAR(10)) AS "startDate", c.curriculum_version_id AS "curriculumVersionId", ' +
        'EXISTS (SELECT 1 FROM cohort_coordinators cc WHERE cc.cohort_id = c.id AND cc.user_id = :userId) AS "coordinates" FROM cohorts c WHERE c.id = :cohortId',
    );
  }

  /** The cohort in brief, and whether this person is one of its coordinators; undefined when there is no such cohort. */
  async cohortInBrief(cohortId: number, userId: number): Promise<{ cohort: CohortInBrief; coordinates: boolean } | undefined> {
    const [row] = await this.cohortWithRole.rows<CohortInBrief & { coordinates: boolean | number }>({ cohortId, userId });
    if (!row) return undefined;
    return { cohort: { id: row.id, name: row.name, startDate: row.startDate, curriculumVersionId: row.curriculumVersionId }, coordinates: isTrue(row.coordinates) };
  }
}
