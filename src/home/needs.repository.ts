import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SubmissionState } from '../assignments/milestones';
import { isTrue, PreparedSql, toNumber } from '../database/prepared-sql';
import { consentHoldsSql } from '../progress/consents.repository';
import type { Trainee } from '../progress/progress-figures.repository';
import { LIST_LIMIT } from './needs';

/**
 * Whose enrolments a statement reads: the student's own, those a supervisor is assigned to, those of the cohorts a
 * coordinator runs (every cohort for an administrator), or the trainees of an employer's organisation who consent.
 * The choice is made in SQL, so no one else's enrolment is ever read.
 */
export type NeedsScope = 'student' | 'supervisor' | 'coordinator' | 'admin' | 'employer';

/** Who a statement is about: the person, and for an employer their organisation. */
export interface Who {
  userId: number;
  organisationId: number;
}

const ENROLMENTS: Record<NeedsScope, string> = {
  student: 'SELECT se.id FROM enrolments se WHERE se.student_id = :userId',
  supervisor: 'SELECT ss.enrolment_id FROM enrolment_supervisors ss WHERE ss.user_id = :userId',
  coordinator: 'SELECT se.id FROM enrolments se JOIN cohort_coordinators sc ON sc.cohort_id = se.cohort_id WHERE sc.user_id = :userId',
  admin: 'SELECT se.id FROM enrolments se',
  employer: `SELECT se.id FROM enrolments se WHERE se.employer_organisation_id = :organisationId AND ${consentHoldsSql('se')}`,
};

/** The enrolments whose project assignment a supervisor was named to assess, while still one of its supervisors. */
const ASSESSED = 'SELECT se.id FROM enrolments se JOIN enrolment_supervisors ss ON ss.enrolment_id = se.id AND ss.user_id = se.assessor_id WHERE se.assessor_id = :userId';

type CohortScope = 'coordinator' | 'admin';
/** Who assesses hand-ins: a cohort's coordinators (every cohort's, for an administrator), and a named supervisor. */
type AssessorScope = CohortScope | 'supervisor';
const COHORTS: Record<CohortScope, string> = {
  coordinator: 'SELECT sc.cohort_id FROM cohort_coordinators sc WHERE sc.user_id = :userId',
  admin: 'SELECT sc.id FROM cohorts sc',
};

// Each rule in SQL once, shared by the list a home page shows and the count its navigation badge shows.
const CERTIFIED = (e: string) => `EXISTS (SELECT 1 FROM certificates ce WHERE ce.enrolment_id = ${e}.id AND ce.revoked_at IS NULL)`;
const HAS_SUPERVISOR = (e: string) => `EXISTS (SELECT 1 FROM enrolment_supervisors es WHERE es.enrolment_id = ${e}.id)`;
/** A student still following the programme who has no supervisor, or no employer. */
const UNASSIGNED = (e: string) => `(${e}.employer_organisation_id IS NULL OR NOT ${HAS_SUPERVISOR(e)}) AND NOT ${CERTIFIED(e)}`;
/** A version of the project assignment handed in and not yet assessed. */
const HAND_IN_WAITING = (a: string) => `${a}.state = 'submitted'`;
/** Today's teaching day of a cohort with students, held, and with nobody's attendance recorded yet. */
const ROLL_CALL_MISSING = (d: string) =>
  `${d}.date = :today AND NOT ${d}.cancelled AND EXISTS (SELECT 1 FROM enrolments re WHERE re.cohort_id = ${d}.cohort_id) ` +
  `AND NOT EXISTS (SELECT 1 FROM attendance_records ar WHERE ar.teaching_day_id = ${d}.id)`;
/**
 * A consent to this organisation that ended since `:since`: a withdrawal (by the student, or by a move to another
 * employer) that came right after a grant, with no new grant to this organisation after it.
 */
const CONSENT_ENDED = (c: string) =>
  `${c}.organisation_id = :organisationId AND NOT ${c}.granted AND ${c}.changed_at >= :since ` +
  `AND NOT EXISTS (SELECT 1 FROM employer_consents later WHERE later.enrolment_id = ${c}.enrolment_id AND later.organisation_id = ${c}.organisation_id AND later.granted AND later.id > ${c}.id) ` +
  `AND (SELECT earlier.granted FROM employer_consents earlier WHERE earlier.enrolment_id = ${c}.enrolment_id AND earlier.organisation_id = ${c}.organisation_id ` +
  `AND earlier.id < ${c}.id ORDER BY earlier.id DESC LIMIT 1)`;

/** An enrolment in scope with what the home pages judge it by; figures only, never a text the student wrote. */
export interface TraineeRow extends Trainee {
  approvedHours: number;
  lastEntryDate: string | null;
  lastSubmitted: Date | string | null;
  certified: boolean;
}

export interface EntryTotals {
  enrolmentId: number;
  state: string;
  entries: number;
  hours: number;
}

export interface ReturnedEntryRow {
  id: number;
  enrolmentId: number;
  date: string;
  hours: number;
  comment: string | null;
}

export interface SignoffRow {
  enrolmentId: number;
  moduleKey: string;
  decision: 'signed_off' | 'returned';
  decidedAt: Date | string;
}

export interface HandInRow {
  id: number;
  enrolmentId: number;
  milestoneKey: string;
  submittedAt: Date | string;
  studentName: string;
  cohortName: string;
  versionId: number;
}

export interface UnassignedRow {
  enrolmentId: number;
  studentName: string;
  cohortName: string;
  hasSupervisor: boolean;
  hasEmployer: boolean;
}

export interface RollCallRow {
  dayId: number;
  cohortId: number;
  cohortName: string;
  date: string;
}

export interface EndedConsentRow {
  enrolmentId: number;
  studentName: string;
  endedAt: Date | string;
}

/** What waits for a coordinator, counted. */
export interface CoordinatorCounts {
  handIns: number;
  unassigned: number;
  rollCalls: number;
}

type Params = Record<string, string | number | null>;
type ByScope<S extends string> = Record<S, PreparedSql<Params>>;

/**
 * What the home pages read to tell each person what needs them: for the student their own entries, lessons,
 * attendance and milestones; for a supervisor the entries waiting and their students' activity; for a coordinator
 * hand-ins, students without a supervisor or employer, today's roll calls and their trainees' figures; for an
 * employer consenting trainees' figures and the consents that ended. Every statement is limited to the person's
 * scope in SQL. The counts for the navigation badges are one small statement per role.
 */
@Injectable()
export class NeedsRepository {
  private readonly trainees: ByScope<'supervisor' | 'coordinator' | 'admin' | 'employer'>;
  private readonly signoffs: ByScope<NeedsScope>;
  private readonly categoryHours: ByScope<'coordinator' | 'admin' | 'employer'>;
  private readonly lessons: ByScope<'student' | 'supervisor'>;
  private readonly handIns: ByScope<AssessorScope>;
  private readonly unassigned: ByScope<CohortScope>;
  private readonly rollCalls: ByScope<CohortScope>;
  private readonly coordinatorCounts: ByScope<CohortScope>;
  private readonly studentTotals: PreparedSql<Params>;
  private readonly studentReturned: PreparedSql<Params>;
  private readonly studentReturnedCount: PreparedSql<Params>;
  private readonly studentAttendance: PreparedSql<Params>;
  private readonly studentDays: PreparedSql<Params>;
  private readonly studentSubmissions: PreparedSql<Params>;
  private readonly supervisorWaiting: PreparedSql<Params>;
  private readonly endedConsentList: PreparedSql<Params>;
  private readonly endedConsentCount: PreparedSql<Params>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const sql = (text: string) => new PreparedSql<Params>(dataSource, text);
    const each = <S extends string>(scopes: readonly S[], text: (scope: S) => string) => Object.fromEntries(scopes.map((s) => [s, sql(text(s))])) as ByScope<S>;
    const cohortScopes = ['coordinator', 'admin'] as const;

    this.trainees = each(['supervisor', 'coordinator', 'admin', 'employer'], (scope) =>
      'SELECT e.id AS "enrolmentId", u.name AS "studentName", c.id AS "cohortId", c.name AS "cohortName", ' +
        'CAST(c.start_date AS VARCHAR(10)) AS "startDate", c.curriculum_version_id AS "versionId", ' +
        `(SELECT SUM(p.quarter_hours) FROM practice_entries p WHERE p.enrolment_id = e.id AND p.state = 'approved') AS "approvedQuarters", ` +
        '(SELECT CAST(MAX(p.date) AS VARCHAR(10)) FROM practice_entries p WHERE p.enrolment_id = e.id) AS "lastEntryDate", ' +
        '(SELECT MAX(p.submitted_at) FROM practice_entries p WHERE p.enrolment_id = e.id) AS "lastSubmitted", ' +
        `${CERTIFIED('e')} AS certified ` +
        `FROM enrolments e JOIN users u ON u.id = e.student_id JOIN cohorts c ON c.id = e.cohort_id WHERE e.id IN (${ENROLMENTS[scope]}) ORDER BY c.name, u.name, e.id`,
    );
    this.categoryHours = each(['coordinator', 'admin', 'employer'], (scope) =>
      'SELECT p.enrolment_id AS "enrolmentId", p.category, SUM(p.quarter_hours) AS quarters FROM practice_entries p ' +
        `WHERE p.enrolment_id IN (${ENROLMENTS[scope]}) AND p.state = 'approved' GROUP BY p.enrolment_id, p.category`,
    );
    this.signoffs = each(['student', 'supervisor', 'coordinator', 'admin', 'employer'], (scope) =>
      'SELECT s.enrolment_id AS "enrolmentId", s.module_key AS "moduleKey", s.decision, s.decided_at AS "decidedAt" ' +
        `FROM module_signoffs s WHERE s.enrolment_id IN (${ENROLMENTS[scope]}) ORDER BY s.id`,
    );
    this.lessons = each(['student', 'supervisor'], (scope) =>
      `SELECT lp.enrolment_id AS "enrolmentId", lp.module_key AS "moduleKey", lp.lesson_key AS "lessonKey" FROM lesson_progress lp WHERE lp.enrolment_id IN (${ENROLMENTS[scope]})`,
    );
    this.handIns = each([...cohortScopes, 'supervisor'] as const, (scope) =>
      'SELECT a.id, a.enrolment_id AS "enrolmentId", a.milestone_key AS "milestoneKey", a.submitted_at AS "submittedAt", u.name AS "studentName", ' +
        'c.name AS "cohortName", c.curriculum_version_id AS "versionId" ' +
        'FROM assignment_submissions a JOIN enrolments e ON e.id = a.enrolment_id JOIN users u ON u.id = e.student_id JOIN cohorts c ON c.id = e.cohort_id ' +
        `WHERE a.enrolment_id IN (${scope === 'supervisor' ? ASSESSED : ENROLMENTS[scope]}) AND ${HAND_IN_WAITING('a')} ORDER BY a.submitted_at, a.id LIMIT ${LIST_LIMIT}`,
    );
    this.unassigned = each(cohortScopes, (scope) =>
      'SELECT e.id AS "enrolmentId", u.name AS "studentName", c.name AS "cohortName", ' +
        `${HAS_SUPERVISOR('e')} AS "hasSupervisor", e.employer_organisation_id IS NOT NULL AS "hasEmployer" ` +
        'FROM enrolments e JOIN users u ON u.id = e.student_id JOIN cohorts c ON c.id = e.cohort_id ' +
        `WHERE e.id IN (${ENROLMENTS[scope]}) AND ${UNASSIGNED('e')} ORDER BY c.name, u.name, e.id LIMIT ${LIST_LIMIT}`,
    );
    this.rollCalls = each(cohortScopes, (scope) =>
      'SELECT d.id AS "dayId", d.cohort_id AS "cohortId", c.name AS "cohortName", CAST(d.date AS VARCHAR(10)) AS date ' +
        `FROM teaching_days d JOIN cohorts c ON c.id = d.cohort_id WHERE d.cohort_id IN (${COHORTS[scope]}) AND ${ROLL_CALL_MISSING('d')} ORDER BY c.name, d.id`,
    );
    this.coordinatorCounts = each(cohortScopes, (scope) =>
      `SELECT (SELECT COUNT(*) FROM assignment_submissions a WHERE a.enrolment_id IN (${ENROLMENTS[scope]}) AND ${HAND_IN_WAITING('a')}) AS "handIns", ` +
        `(SELECT COUNT(*) FROM enrolments e WHERE e.id IN (${ENROLMENTS[scope]}) AND ${UNASSIGNED('e')}) AS unassigned, ` +
        `(SELECT COUNT(*) FROM teaching_days d WHERE d.cohort_id IN (${COHORTS[scope]}) AND ${ROLL_CALL_MISSING('d')}) AS "rollCalls"`,
    );

    const own = ENROLMENTS.student;
    this.studentTotals = sql(
      'SELECT p.enrolment_id AS "enrolmentId", p.state, COUNT(*) AS entries, SUM(p.quarter_hours) AS quarters ' +
        `FROM practice_entries p WHERE p.enrolment_id IN (${own}) GROUP BY p.enrolment_id, p.state`,
    );
    this.studentReturned = sql(
      'SELECT p.id, p.enrolment_id AS "enrolmentId", CAST(p.date AS VARCHAR(10)) AS date, p.quarter_hours AS quarters, p.return_comment AS comment ' +
        `FROM practice_entries p WHERE p.enrolment_id IN (${own}) AND p.state = 'returned' ORDER BY p.decided_at, p.id LIMIT ${LIST_LIMIT}`,
    );
    this.studentReturnedCount = sql(`SELECT COUNT(*) AS n FROM practice_entries p WHERE p.enrolment_id IN (${own}) AND p.state = 'returned'`);
    // Attendance on teaching days that were held, as the attendance rate counts it.
    this.studentAttendance = sql(
      'SELECT r.enrolment_id AS "enrolmentId", r.status, COUNT(*) AS count FROM attendance_records r JOIN teaching_days d ON d.id = r.teaching_day_id ' +
        `WHERE r.enrolment_id IN (${own}) AND NOT d.cancelled GROUP BY r.enrolment_id, r.status`,
    );
    this.studentDays = sql(
      'SELECT d.cohort_id AS "cohortId", CAST(d.date AS VARCHAR(10)) AS date FROM teaching_days d ' +
        'WHERE d.cohort_id IN (SELECT se.cohort_id FROM enrolments se WHERE se.student_id = :userId) AND NOT d.cancelled AND d.date >= :from AND d.date <= :to ' +
        'ORDER BY d.date, d.cohort_id',
    );
    this.studentSubmissions = sql(
      `SELECT a.enrolment_id AS "enrolmentId", a.milestone_key AS "milestoneKey", a.number, a.state FROM assignment_submissions a WHERE a.enrolment_id IN (${own}) ORDER BY a.id`,
    );
    this.supervisorWaiting = sql(
      `SELECT COUNT(*) AS n, MIN(p.submitted_at) AS oldest FROM practice_entries p WHERE p.enrolment_id IN (${ENROLMENTS.supervisor}) AND p.state = 'submitted'`,
    );
    this.endedConsentList = sql(
      'SELECT c.enrolment_id AS "enrolmentId", u.name AS "studentName", c.changed_at AS "endedAt" ' +
        'FROM employer_consents c JOIN enrolments e ON e.id = c.enrolment_id JOIN users u ON u.id = e.student_id ' +
        `WHERE ${CONSENT_ENDED('c')} ORDER BY c.id DESC LIMIT ${LIST_LIMIT}`,
    );
    this.endedConsentCount = sql(`SELECT COUNT(*) AS n FROM employer_consents c WHERE ${CONSENT_ENDED('c')}`);
  }

  // The student.

  /** Entries and hours of each of the student's enrolments, per state. */
  async entryTotals(studentId: number): Promise<EntryTotals[]> {
    const rows = await this.studentTotals.rows<{ enrolmentId: number; state: string; entries: number | string; quarters: number | string | null }>({ userId: studentId });
    return rows.map((r) => ({ enrolmentId: Number(r.enrolmentId), state: r.state, entries: toNumber(r.entries), hours: toNumber(r.quarters) / 4 }));
  }

  /** The student's entries sent back to them, the earliest returned first, with the supervisor's comment. */
  async returnedEntries(studentId: number): Promise<ReturnedEntryRow[]> {
    const rows = await this.studentReturned.rows<{ id: number; enrolmentId: number; date: string; quarters: number | string; comment: string | null }>({ userId: studentId });
    return rows.map((r) => ({ id: Number(r.id), enrolmentId: Number(r.enrolmentId), date: r.date, hours: toNumber(r.quarters) / 4, comment: r.comment }));
  }

  /** How many of the student's entries wait for them to correct and send again: the badge on "my programme". */
  async countReturned(studentId: number): Promise<number> {
    const [row] = await this.studentReturnedCount.rows<{ n: number | string }>({ userId: studentId });
    return toNumber(row.n);
  }

  /** Attendance records per enrolment and status. */
  async attendance(studentId: number): Promise<Map<number, Record<string, number>>> {
    const result = new Map<number, Record<string, number>>();
    for (const row of await this.studentAttendance.rows<{ enrolmentId: number; status: string; count: number | string }>({ userId: studentId })) {
      const id = Number(row.enrolmentId);
      result.set(id, { ...result.get(id), [row.status]: toNumber(row.count) });
    }
    return result;
  }

  /** The teaching days held in the student's cohorts from `from` to `to`. */
  async teachingDays(studentId: number, from: string, to: string): Promise<{ cohortId: number; date: string }[]> {
    const rows = await this.studentDays.rows<{ cohortId: number; date: string }>({ userId: studentId, from, to });
    return rows.map((r) => ({ cohortId: Number(r.cohortId), date: r.date }));
  }

  /** Every version of the project assignment the student handed in. */
  async submissions(studentId: number): Promise<{ enrolmentId: number; milestoneKey: string; number: number; state: SubmissionState }[]> {
    const rows = await this.studentSubmissions.rows<{ enrolmentId: number; milestoneKey: string; number: number | string; state: SubmissionState }>({ userId: studentId });
    return rows.map((r) => ({ enrolmentId: Number(r.enrolmentId), milestoneKey: r.milestoneKey, number: Number(r.number), state: r.state }));
  }

  // Shared by several roles.

  /** The lessons marked done in the enrolments in scope. */
  async lessonsDone(scope: 'student' | 'supervisor', who: Who): Promise<{ enrolmentId: number; moduleKey: string; lessonKey: string }[]> {
    const rows = await this.lessons[scope].rows<{ enrolmentId: number; moduleKey: string; lessonKey: string }>({ ...who });
    return rows.map((r) => ({ ...r, enrolmentId: Number(r.enrolmentId) }));
  }

  /** Approved hours per practice category of each enrolment in scope, for the category minimums of the pace. */
  async approvedByCategory(scope: 'coordinator' | 'admin' | 'employer', who: Who): Promise<Map<number, Map<string, number>>> {
    const result = new Map<number, Map<string, number>>();
    for (const row of await this.categoryHours[scope].rows<{ enrolmentId: number | string; category: string; quarters: number | string | null }>({ ...who })) {
      const id = Number(row.enrolmentId);
      const byCategory = result.get(id) ?? new Map<string, number>();
      byCategory.set(row.category, toNumber(row.quarters) / 4);
      result.set(id, byCategory);
    }
    return result;
  }

  /** Every module decision in scope, oldest first, so that the last one per module is its state. */
  async signoffDecisions(scope: NeedsScope, who: Who): Promise<SignoffRow[]> {
    const rows = await this.signoffs[scope].rows<SignoffRow>({ ...who });
    return rows.map((r) => ({ ...r, enrolmentId: Number(r.enrolmentId) }));
  }

  /** The enrolments in scope with their approved hours, latest practice activity and whether a certificate is issued. */
  async traineesOf(scope: 'supervisor' | 'coordinator' | 'admin' | 'employer', who: Who): Promise<TraineeRow[]> {
    type Raw = Omit<TraineeRow, 'approvedHours' | 'certified'> & { approvedQuarters: number | string | null; certified: boolean | number };
    const rows = await this.trainees[scope].rows<Raw>({ ...who });
    return rows.map(({ approvedQuarters, certified, ...r }) => ({
      ...r,
      enrolmentId: Number(r.enrolmentId),
      cohortId: Number(r.cohortId),
      versionId: Number(r.versionId),
      approvedHours: toNumber(approvedQuarters) / 4,
      certified: isTrue(certified),
    }));
  }

  // The supervisor.

  /** How many submitted entries wait for this supervisor, and since when the oldest has. */
  async waiting(supervisorId: number): Promise<{ count: number; oldest: Date | string | null }> {
    const [row] = await this.supervisorWaiting.rows<{ n: number | string; oldest: Date | string | null }>({ userId: supervisorId });
    return { count: toNumber(row.n), oldest: row.oldest };
  }

  // The coordinator (or, for every cohort, the administrator).

  /** The first hand-ins waiting for assessment, the longest waiting first. */
  async handInsWaiting(scope: AssessorScope, userId: number): Promise<HandInRow[]> {
    const rows = await this.handIns[scope].rows<HandInRow>({ userId });
    return rows.map((r) => ({ ...r, id: Number(r.id), enrolmentId: Number(r.enrolmentId), versionId: Number(r.versionId) }));
  }

  /** The first students without a supervisor or an employer, by cohort and name. */
  async withoutSupervisorOrEmployer(scope: CohortScope, userId: number): Promise<UnassignedRow[]> {
    type Raw = Omit<UnassignedRow, 'hasSupervisor' | 'hasEmployer'> & { hasSupervisor: boolean | number; hasEmployer: boolean | number };
    const rows = await this.unassigned[scope].rows<Raw>({ userId });
    return rows.map((r) => ({ ...r, enrolmentId: Number(r.enrolmentId), hasSupervisor: isTrue(r.hasSupervisor), hasEmployer: isTrue(r.hasEmployer) }));
  }

  /** Today's teaching days whose roll call is not taken. */
  async rollCallsMissing(scope: CohortScope, userId: number, today: string): Promise<RollCallRow[]> {
    const rows = await this.rollCalls[scope].rows<RollCallRow>({ userId, today });
    return rows.map((r) => ({ ...r, dayId: Number(r.dayId), cohortId: Number(r.cohortId) }));
  }

  /** The three counts above in one statement, for the badge on the cohorts link and the lines' totals. */
  async countForCoordinator(scope: CohortScope, userId: number, today: string): Promise<CoordinatorCounts> {
    const [row] = await this.coordinatorCounts[scope].rows<Record<keyof CoordinatorCounts, number | string>>({ userId, today });
    return { handIns: toNumber(row.handIns), unassigned: toNumber(row.unassigned), rollCalls: toNumber(row.rollCalls) };
  }

  // The employer.

  /** The latest consents to this organisation that ended since `since` (YYYY-MM-DD): who and when, nothing else. */
  endedConsents(organisationId: number, since: string): Promise<EndedConsentRow[]> {
    return this.endedConsentList.rows<EndedConsentRow>({ organisationId, since }).then((rows) => rows.map((r) => ({ ...r, enrolmentId: Number(r.enrolmentId) })));
  }

  async countEndedConsents(organisationId: number, since: string): Promise<number> {
    const [row] = await this.endedConsentCount.rows<{ n: number | string }>({ organisationId, since });
    return toNumber(row.n);
  }
}
