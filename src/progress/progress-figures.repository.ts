import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SubmissionState } from '../assignments/milestones';
import { PreparedSql, toNumber } from '../database/prepared-sql';
import { consentHoldsSql } from './consents.repository';

/**
 * Whose figures a view shows: the students of one cohort (the coordinator's table), the trainees of one
 * organisation who consent to it following them (the employer view), or one enrolment (a student's chart).
 */
export type FiguresScope = { cohortId: number } | { organisationId: number } | { enrolmentId: number };

/** One enrolment in scope, with what a progress row needs to name it and find its programme. */
export interface Trainee {
  enrolmentId: number;
  studentName: string;
  cohortId: number;
  cohortName: string;
  startDate: string;
  versionId: number;
}

/** What the progress views count for one enrolment; figures only, never a text the student wrote. */
export interface TraineeFigures {
  approvedHours: number;
  pendingHours: number;
  /** Approved hours per practice category key, for the category minimums. */
  approvedByCategory: Map<string, number>;
  /** Attendance records per status, on teaching days that were held. */
  attendance: Record<string, number>;
  /** Modules signed off now: the latest decision per module counts. */
  signedOff: Set<string>;
  submissions: { milestoneKey: string; number: number; state: SubmissionState }[];
}

type ScopeKind = 'cohort' | 'organisation' | 'enrolment';
type Params = { cohortId: number } & { organisationId: number } & { enrolmentId: number };

/** Each scope as a condition on `enrolments e`. The employer's includes the consent rule, so no other trainee can be counted. */
const WHERE: Record<ScopeKind, string> = {
  cohort: 'e.cohort_id = :cohortId',
  organisation: `e.employer_organisation_id = :organisationId AND ${consentHoldsSql('e')}`,
  enrolment: 'e.id = :enrolmentId',
};

/** The statements, each written once for every scope: the enrolments are chosen in SQL, never passed as a list. */
function statements(where: string) {
  const ids = `SELECT e.id FROM enrolments e WHERE ${where}`;
  return {
    trainees:
      'SELECT e.id AS "enrolmentId", u.name AS "studentName", c.id AS "cohortId", c.name AS "cohortName", ' +
      'CAST(c.start_date AS VARCHAR(10)) AS "startDate", c.curriculum_version_id AS "versionId" ' +
      `FROM enrolments e JOIN users u ON u.id = e.student_id JOIN cohorts c ON c.id = e.cohort_id WHERE ${where} ORDER BY e.id`,
    hours:
      'SELECT p.enrolment_id AS "enrolmentId", p.state, p.category, SUM(p.quarter_hours) AS quarters FROM practice_entries p ' +
      `WHERE p.enrolment_id IN (${ids}) AND p.state IN ('approved', 'submitted') GROUP BY p.enrolment_id, p.state, p.category`,
    attendance:
      'SELECT r.enrolment_id AS "enrolmentId", r.status, COUNT(*) AS count FROM attendance_records r JOIN teaching_days d ON d.id = r.teaching_day_id ' +
      `WHERE r.enrolment_id IN (${ids}) AND NOT d.cancelled GROUP BY r.enrolment_id, r.status`,
    signoffs: `SELECT s.enrolment_id AS "enrolmentId", s.module_key AS "moduleKey", s.decision FROM module_signoffs s WHERE s.enrolment_id IN (${ids}) ORDER BY s.id`,
    submissions:
      'SELECT a.enrolment_id AS "enrolmentId", a.milestone_key AS "milestoneKey", a.number, a.state FROM assignment_submissions a ' +
      `WHERE a.enrolment_id IN (${ids}) ORDER BY a.id`,
    hoursByDate:
      'SELECT CAST(p.date AS VARCHAR(10)) AS date, SUM(p.quarter_hours) AS quarters FROM practice_entries p ' +
      `WHERE p.enrolment_id IN (${ids}) AND p.state = 'approved' GROUP BY p.date ORDER BY p.date`,
  };
}

type Statements = { [K in keyof ReturnType<typeof statements>]: PreparedSql<Partial<Params>> };

/**
 * What the coordinator's cohort table, the employer view and the hours charts read from the practice log,
 * the attendance register, module sign-offs and the project assignment: each figure in one statement for
 * everyone in scope, counted and summed in the database, never one query per student. The statements are
 * prepared once and answer plain rows; these pages are read often, and the query builder's work per call
 * cost more than the database's.
 */
@Injectable()
export class ProgressFiguresRepository {
  private readonly byScope: Record<ScopeKind, Statements>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const prepare = (where: string) =>
      Object.fromEntries(Object.entries(statements(where)).map(([name, sql]) => [name, new PreparedSql<Partial<Params>>(dataSource, sql)])) as Statements;
    this.byScope = { cohort: prepare(WHERE.cohort), organisation: prepare(WHERE.organisation), enrolment: prepare(WHERE.enrolment) };
  }

  /** The enrolments in scope, oldest enrolment first. */
  async trainees(scope: FiguresScope): Promise<Trainee[]> {
    const rows = await this.run(scope, 'trainees')<Trainee & { startDate: string }>();
    return rows.map((row) => ({
      ...row,
      enrolmentId: Number(row.enrolmentId),
      cohortId: Number(row.cohortId),
      versionId: Number(row.versionId),
    }));
  }

  /** Every figure of every enrolment in scope: one statement per kind of figure. Enrolments without any have zeros and empty sets. */
  async figures(scope: FiguresScope, enrolmentIds: number[]): Promise<Map<number, TraineeFigures>> {
    const result = new Map<number, TraineeFigures>(
      enrolmentIds.map((id) => [id, { approvedHours: 0, pendingHours: 0, approvedByCategory: new Map<string, number>(), attendance: {}, signedOff: new Set<string>(), submissions: [] }]),
    );
    if (enrolmentIds.length === 0) return result;
    type Row = { enrolmentId: number | string };
    const [hours, attendance, signoffs, submissions] = await Promise.all([
      this.hours(scope, enrolmentIds),
      this.run(scope, 'attendance')<Row & { status: string; count: number | string }>(),
      this.run(scope, 'signoffs')<Row & { moduleKey: string; decision: string }>(),
      this.run(scope, 'submissions')<Row & { milestoneKey: string; number: number | string; state: SubmissionState }>(),
    ]);
    // An enrolment that came into scope between the statements (consent granted a moment ago) is left out, as it was not in the list.
    const of = (row: Row) => result.get(Number(row.enrolmentId));
    for (const [id, figures] of result) Object.assign(figures, hours.get(id));
    for (const row of attendance) {
      const figures = of(row);
      if (figures) figures.attendance[row.status] = toNumber(row.count);
    }
    for (const row of signoffs) {
      const figures = of(row);
      if (!figures) continue;
      if (row.decision === 'signed_off') figures.signedOff.add(row.moduleKey);
      else figures.signedOff.delete(row.moduleKey);
    }
    for (const row of submissions) of(row)?.submissions.push({ milestoneKey: row.milestoneKey, number: Number(row.number), state: row.state });
    return result;
  }

  /** Approved and pending (submitted) practice hours of each enrolment in scope, approved ones also per category; zeros for one without any. */
  async hours(scope: FiguresScope, enrolmentIds: number[]): Promise<Map<number, Pick<TraineeFigures, 'approvedHours' | 'pendingHours' | 'approvedByCategory'>>> {
    const result = new Map(enrolmentIds.map((id) => [id, { approvedHours: 0, pendingHours: 0, approvedByCategory: new Map<string, number>() }]));
    if (enrolmentIds.length === 0) return result;
    for (const row of await this.run(scope, 'hours')<{ enrolmentId: number | string; state: string; category: string; quarters: number | string | null }>()) {
      const hours = result.get(Number(row.enrolmentId));
      if (!hours) continue;
      const value = toNumber(row.quarters) / 4;
      if (row.state === 'approved') {
        hours.approvedHours += value;
        hours.approvedByCategory.set(row.category, (hours.approvedByCategory.get(row.category) ?? 0) + value);
      } else hours.pendingHours += value;
    }
    return result;
  }

  /** Approved hours per practice date, summed over everyone in scope, oldest date first. */
  async approvedHoursByDate(scope: FiguresScope): Promise<{ date: string; hours: number }[]> {
    const rows = await this.run(scope, 'hoursByDate')<{ date: string; quarters: number | string | null }>();
    return rows.map((row) => ({ date: row.date, hours: toNumber(row.quarters) / 4 }));
  }

  private run(scope: FiguresScope, statement: keyof Statements) {
    const kind: ScopeKind = 'cohortId' in scope ? 'cohort' : 'organisationId' in scope ? 'organisation' : 'enrolment';
    return <R>() => this.byScope[kind][statement].rows<R>(scope);
  }
}
