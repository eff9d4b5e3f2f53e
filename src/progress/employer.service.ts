import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { MilestoneState } from '../assignments/milestones';
import { AssignmentsService } from '../assignments/assignments.service';
import { AttendanceRate, AttendanceService } from '../attendance/attendance.service';
import type { SessionUser } from '../auth/session-user';
import { Enrolment } from '../cohorts/enrolment.entity';
import { programmeEnd } from '../cohorts/timeline';
import { today } from '../common/dates';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { CurriculaService } from '../curricula/curricula.service';
import { Transactions } from '../database/transactions';
import { Locale, LocalisedText, localise, translate } from '../i18n/i18n';
import { Organisation } from '../users/organisation.entity';
import { hoursByEnrolment, signedOffModules } from './cohort-queries';
import { consentHoldsSql } from './consent.service';
import { toCsv } from './csv';
import { EmployerView, ViewKind } from './employer-view.entity';
import { paceFor, Pace } from './pace';

/** The project assignment in a few words: how many milestones are approved, the next one's state, and whether one is late. */
export interface AssignmentSummary {
  /** The programme has an assignment with milestones. */
  exists: boolean;
  approved: number;
  total: number;
  done: boolean;
  overdue: boolean;
  next?: { title: LocalisedText; state: MilestoneState };
}

/**
 * One consenting trainee's line. Only figures and states: never a practice text, a reflection,
 * feedback or a reason for absence, so nothing here can leak one.
 */
export interface TraineeRow {
  enrolmentId: number;
  name: string;
  programme: LocalisedText;
  cohort: string;
  approvedHours: number;
  requiredHours: number;
  modules: { signedOff: number; total: number };
  attendance: AttendanceRate;
  assignment: AssignmentSummary;
  endDate: string;
  pace: Pace;
  lateModules: LocalisedText[];
}

const collator = new Intl.Collator('nb', { sensitivity: 'base' });

/**
 * What an employer sees: the trainees of their own organisation who consented, one line each, as a page
 * or a CSV file. Every look is logged per trainee, and the trainee can read that log.
 */
@Injectable()
export class EmployerService {
  constructor(
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    @InjectRepository(EmployerView) private readonly views: Repository<EmployerView>,
    private readonly curricula: CurriculaService,
    private readonly attendance: AttendanceService,
    private readonly assignments: AssignmentsService,
    private readonly transactions: Transactions,
  ) {}

  async page(user: SessionUser) {
    const { organisation, rows } = await this.trainees(user, 'page');
    return { title: 'employer.title', organisation, rows, behind: rows.filter((r) => !r.pace.onPace).length };
  }

  /** The same table as a file for the employer's own records, headed in the page's language. */
  async csv(user: SessionUser, locale: Locale): Promise<{ filename: string; body: Buffer }> {
    const { rows } = await this.trainees(user, 'csv');
    const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
    const number = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'nb-NO', { maximumFractionDigits: 2, useGrouping: false });
    const header = ['name', 'programme', 'cohort', 'approvedHours', 'requiredHours', 'modulesSignedOff', 'modulesTotal', 'attendance', 'attendanceThreshold', 'assignment', 'endDate', 'onPace', 'reason'].map(
      (column) => t(`employer.csv.${column}`),
    );
    const body = rows.map((row) => [
      row.name,
      localise(row.programme, locale).text,
      row.cohort,
      number.format(row.approvedHours),
      number.format(row.requiredHours),
      row.modules.signedOff,
      row.modules.total,
      row.attendance.percent === null ? '' : row.attendance.percent,
      row.attendance.threshold,
      assignmentText(row.assignment, locale),
      row.endDate,
      t(row.pace.onPace ? 'employer.pace.yes' : 'employer.pace.no'),
      paceText(row, locale),
    ]);
    return { filename: `${t('employer.csv.filename')}-${today()}.csv`, body: toCsv(header, body) };
  }

  /** The consenting trainees of the person's organisation, with every look logged (one row per trainee shown). */
  private async trainees(user: SessionUser, kind: ViewKind): Promise<{ organisation: Organisation | null; rows: TraineeRow[] }> {
    const organisation = user.organisationId === null ? null : await this.organisations.findOne({ where: { id: user.organisationId } });
    if (!organisation) return { organisation: null, rows: [] };
    const enrolments = await this.enrolments
      .createQueryBuilder('e')
      .innerJoinAndSelect('e.cohort', 'cohort')
      .innerJoinAndSelect('e.student', 'student')
      .where('e.employerOrganisationId = :organisationId', { organisationId: organisation.id })
      .andWhere(consentHoldsSql('e'), { granted: true })
      .getMany();
    if (enrolments.length === 0) return { organisation, rows: [] };

    const programmes = new Map<number, CurriculumVersion>();
    for (const e of enrolments) {
      const id = e.cohort!.curriculumVersionId;
      if (!programmes.has(id)) programmes.set(id, await this.curricula.getVersion(id));
    }
    const now = today();
    // The organisation and consent were checked by the query above. Every figure comes from one query for all trainees, never one per trainee.
    const ids = enrolments.map((e) => e.id);
    const [rates, hours, signed, assignments] = await Promise.all([
      this.attendanceRates(enrolments, programmes),
      hoursByEnrolment(this.enrolments.manager, ids),
      signedOffModules(this.enrolments.manager, ids),
      this.assignments.statusesFor(
        enrolments.map((e) => ({ enrolmentId: e.id, programme: programmes.get(e.cohort!.curriculumVersionId)!, cohortStartDate: e.cohort!.startDate })),
        now,
      ),
    ]);
    const rows: TraineeRow[] = [];
    for (const enrolment of enrolments) {
      const cohort = enrolment.cohort!;
      const programme = programmes.get(cohort.curriculumVersionId)!;
      const content = programme.content;
      const approvedHours = hours.get(enrolment.id)!.approved;
      const assignment = assignments.get(enrolment.id)!;
      const needing = content.modules.filter((m) => m.signOff);
      const signedOff = needing.filter((m) => signed.get(enrolment.id)!.has(m.key)).map((m) => m.key);
      const pace = paceFor(content, cohort.startDate, now, approvedHours, signedOff);
      const next = assignment.milestones.find((m) => m.state !== 'approved');
      rows.push({
        enrolmentId: enrolment.id,
        name: enrolment.student!.name,
        programme: content.title,
        cohort: cohort.name,
        approvedHours,
        requiredHours: content.practice.requiredHours,
        modules: { signedOff: signedOff.length, total: needing.length },
        attendance: rates.get(enrolment.id)!,
        assignment: {
          exists: assignment.milestones.length > 0,
          approved: assignment.milestones.filter((m) => m.state === 'approved').length,
          total: assignment.milestones.length,
          done: assignment.approved,
          overdue: assignment.milestones.some((m) => m.overdue),
          next: next ? { title: next.title, state: next.state } : undefined,
        },
        endDate: programmeEnd(cohort.startDate, content.duration.unit, content.duration.length),
        pace,
        lateModules: pace.lateModules.map((key) => content.modules.find((m) => m.key === key)!.title),
      });
    }
    rows.sort((a, b) => collator.compare(a.name, b.name) || a.enrolmentId - b.enrolmentId);
    // The log is only written here, so there is nothing to read back after the insert.
    if (rows.length > 0) {
      await this.transactions.run((manager) =>
        manager
          .createQueryBuilder()
          .insert()
          .into(EmployerView)
          .values(rows.map((row) => ({ enrolmentId: row.enrolmentId, viewerId: user.id, organisationId: organisation.id, kind })))
          .updateEntity(false)
          .execute(),
      );
    }
    return { organisation, rows };
  }

  /** Attendance for every trainee, one query per attendance threshold among their programmes. */
  private async attendanceRates(enrolments: Enrolment[], programmes: Map<number, CurriculumVersion>): Promise<Map<number, AttendanceRate>> {
    const byThreshold = new Map<number, number[]>();
    for (const e of enrolments) {
      const threshold = programmes.get(e.cohort!.curriculumVersionId)!.content.attendance.threshold;
      byThreshold.set(threshold, [...(byThreshold.get(threshold) ?? []), e.id]);
    }
    const result = new Map<number, AttendanceRate>();
    for (const [threshold, ids] of byThreshold) for (const [id, rate] of await this.attendance.rates(ids, threshold)) result.set(id, rate);
    return result;
  }
}

/** The assignment cell: "2 of 3 milestones approved; next: Draft – submitted; late". */
export function assignmentText(a: AssignmentSummary, locale: Locale): string {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  if (!a.exists) return t('employer.assignment.none');
  if (a.done) return t('employer.assignment.approved');
  const parts = [t('employer.assignment.progress', { approved: a.approved, total: a.total })];
  if (a.next) parts.push(t('employer.assignment.next', { title: localise(a.next.title, locale).text, state: t(`employer.milestone.${a.next.state}`) }));
  if (a.overdue) parts.push(t('employer.assignment.overdue'));
  return parts.join('; ');
}

/** Why a trainee is behind, in words; empty when on pace. */
export function paceText(row: Pick<TraineeRow, 'pace' | 'approvedHours' | 'lateModules'>, locale: Locale): string {
  const number = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'nb-NO', { maximumFractionDigits: 2 });
  return row.pace.reasons
    .map((reason) =>
      reason === 'hours'
        ? translate(locale, 'employer.pace.reason.hours', { approved: number.format(row.approvedHours), expected: number.format(row.pace.expectedHours) })
        : `${translate(locale, 'employer.pace.reason.modules')} ${row.lateModules.map((title) => localise(title, locale).text).join(', ')}`,
    )
    .join(' ');
}
