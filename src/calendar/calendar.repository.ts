import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isTrue, PreparedSql } from '../database/prepared-sql';
import { Transactions } from '../database/transactions';
import { consentHoldsSql } from '../progress/consents.repository';

/** The person a feed's address names, and the roles through which cohorts reach their feed. */
export interface FeedPerson {
  active: boolean;
  locale: string | null;
  generation: number;
  student: boolean;
  coordinator: boolean;
  supervisor: boolean;
  /** The organisation of an employer contact, whose consenting trainees' cohorts reach the feed. */
  employerOrganisationId: number | null;
}

/** A teaching day with its cohort's usual hours beside its own. */
export interface FeedDayRow {
  id: number;
  date: string;
  cancelled: boolean;
  version: number;
  startTime: string | null;
  endTime: string | null;
  place: string | null;
  cohortName: string;
  cohortStartTime: string;
  cohortEndTime: string;
  cohortPlace: string;
  cohortVersion: number;
  curriculumVersionId: number;
}

/** Whose milestones a feed shows: a student's enrolment, or a cohort its coordinator runs. */
export interface MilestoneOwnerRow {
  kind: 'enrolment' | 'cohort';
  ownerId: number;
  cohortName: string;
  startDate: string;
  cohortVersion: number;
  curriculumVersionId: number;
}

/** Stands for "no such person" where a role is not held, so one statement serves every mix of roles (ids start at 1). */
const NOBODY = 0;

/**
 * What a calendar feed reads, in three statements whatever the number of cohorts: the person, the teaching days
 * of every cohort they reach (as a student, a coordinator, a supervisor of one of its students or the employer of
 * a consenting trainee in it, each day once)
 * and whose milestones they follow. Renewing the address moves the person's generation on.
 */
@Injectable()
export class CalendarRepository {
  private readonly personSql: PreparedSql<{ userId: number }>;
  private readonly daysSql: PreparedSql<{ student: number; coordinator: number; supervisor: number; organisation: number; since: string }>;
  private readonly ownersSql: PreparedSql<{ student: number; coordinator: number }>;
  private readonly renewSql: PreparedSql<{ userId: number }>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {
    const role = (name: string) => `EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = '${name}') AS "${name}"`;
    this.personSql = new PreparedSql(
      dataSource,
      `SELECT u.active, u.locale, u.calendar_generation AS "generation", u.organisation_id AS "organisationId", ${role('student')}, ${role('coordinator')}, ${role('supervisor')}, ${role('employer')} ` +
        'FROM users u WHERE u.id = :userId',
    );
    this.daysSql = new PreparedSql(
      dataSource,
      'SELECT d.id, CAST(d.date AS VARCHAR(10)) AS "date", d.cancelled, d.version, d.start_time AS "startTime", d.end_time AS "endTime", d.place, ' +
        'c.name AS "cohortName", c.start_time AS "cohortStartTime", c.end_time AS "cohortEndTime", c.place AS "cohortPlace", c.version AS "cohortVersion", ' +
        'c.curriculum_version_id AS "curriculumVersionId" ' +
        'FROM teaching_days d JOIN cohorts c ON c.id = d.cohort_id ' +
        'WHERE d.date >= :since AND d.cohort_id IN (' +
        'SELECT e.cohort_id FROM enrolments e WHERE e.student_id = :student ' +
        'UNION SELECT cc.cohort_id FROM cohort_coordinators cc WHERE cc.user_id = :coordinator ' +
        'UNION SELECT se.cohort_id FROM enrolment_supervisors es JOIN enrolments se ON se.id = es.enrolment_id WHERE es.user_id = :supervisor ' +
        // An employer learns when a consenting trainee is at school rather than at work; without consent, nothing.
        `UNION SELECT ee.cohort_id FROM enrolments ee WHERE ee.employer_organisation_id = :organisation AND ${consentHoldsSql('ee')}) ` +
        'ORDER BY d.date, d.id',
    );
    this.ownersSql = new PreparedSql(
      dataSource,
      `SELECT 'enrolment' AS "kind", e.id AS "ownerId", c.name AS "cohortName", CAST(c.start_date AS VARCHAR(10)) AS "startDate", c.version AS "cohortVersion", ` +
        'c.curriculum_version_id AS "curriculumVersionId" FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id WHERE e.student_id = :student ' +
        `UNION ALL SELECT 'cohort', c.id, c.name, CAST(c.start_date AS VARCHAR(10)), c.version, c.curriculum_version_id ` +
        'FROM cohort_coordinators cc JOIN cohorts c ON c.id = cc.cohort_id WHERE cc.user_id = :coordinator ' +
        'ORDER BY "startDate", "ownerId"',
    );
    // Only the generation: the account's version guards the profile form, which this must not turn stale.
    this.renewSql = new PreparedSql(dataSource, 'UPDATE users SET calendar_generation = calendar_generation + 1 WHERE id = :userId');
  }

  async person(userId: number): Promise<FeedPerson | undefined> {
    const [row] = await this.personSql.rows<
      { active: boolean | number; locale: string | null; generation: number | string; organisationId: number | string | null } & Record<'student' | 'coordinator' | 'supervisor' | 'employer', boolean | number>
    >({ userId });
    if (!row) return undefined;
    return {
      active: isTrue(row.active),
      locale: row.locale,
      generation: Number(row.generation),
      student: isTrue(row.student),
      coordinator: isTrue(row.coordinator),
      supervisor: isTrue(row.supervisor),
      employerOrganisationId: isTrue(row.employer) && row.organisationId !== null ? Number(row.organisationId) : null,
    };
  }

  /** The teaching days from `since` on of every cohort the person reaches through the roles they hold. */
  async days(userId: number, person: FeedPerson, since: string): Promise<FeedDayRow[]> {
    const rows = await this.daysSql.rows<FeedDayRow & { cancelled: boolean | number }>({
      student: person.student ? userId : NOBODY,
      coordinator: person.coordinator ? userId : NOBODY,
      supervisor: person.supervisor ? userId : NOBODY,
      organisation: person.employerOrganisationId ?? NOBODY,
      since,
    });
    return rows.map((row) => ({
      ...row,
      id: Number(row.id),
      cancelled: isTrue(row.cancelled),
      version: Number(row.version),
      cohortVersion: Number(row.cohortVersion),
      curriculumVersionId: Number(row.curriculumVersionId),
    }));
  }

  /** The student's own enrolments and the cohorts the coordinator runs, whose milestones the feed shows. */
  async milestoneOwners(userId: number, person: FeedPerson): Promise<MilestoneOwnerRow[]> {
    const rows = await this.ownersSql.rows<MilestoneOwnerRow>({ student: person.student ? userId : NOBODY, coordinator: person.coordinator ? userId : NOBODY });
    return rows.map((row) => ({ ...row, ownerId: Number(row.ownerId), cohortVersion: Number(row.cohortVersion), curriculumVersionId: Number(row.curriculumVersionId) }));
  }

  /** Moves the person's address on to its next generation: the one before stops working. */
  renew(userId: number): Promise<void> {
    return this.transactions.statement(this.renewSql, { userId });
  }
}
