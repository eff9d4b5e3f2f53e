import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { AccessService } from '../cohorts/access.service';
import type { Cohort } from '../cohorts/cohort.entity';
import { today, weekdayIndex } from '../common/dates';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { WEEKDAYS } from '../curricula/curriculum.types';
import { Transactions } from '../database/transactions';
import { ATTENDANCE_STATUSES, AttendanceChange, AttendanceRecord, type AttendanceStatus } from './attendance-record.entity';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';
import type { FormResult } from '../common/form-result';
import { titleText } from './outcome';
import { parseRegisterForm, REGISTER_FORM_ID, RegisterForm, shownField, statusField } from './register-form';
import { TeachingDay } from './teaching-day.entity';
import { periodOf } from './teaching-days';

interface Scope {
  cohort: Cohort;
  programme: CurriculumVersion;
}

interface Student {
  enrolmentId: number;
  name: string;
}

interface PageState {
  saved?: number;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

/** The words for each status, on the form and in the change history. */
export const STATUS_LABELS: Record<AttendanceStatus, string> = {
  present: 'attendance.status.present',
  absent: 'attendance.status.absent',
  excused: 'attendance.status.excused',
};
const NOT_RECORDED = 'attendance.status.none';

/** The id of the message saying why attendance cannot be recorded on this day. */
const DAY_STATE = 'day-state';
const BLOCKED: Record<'cancelled' | 'future', { notice: string; error: string }> = {
  cancelled: { notice: 'attendance.register.cancelled', error: 'attendance.register.error.cancelled' },
  future: { notice: 'attendance.register.future', error: 'attendance.register.error.future' },
};

/** Where a student stands against the threshold, in words (never by colour alone). */
const STANDING = {
  meets: 'attendance.rates.standing.meets',
  below: 'attendance.rates.standing.below',
  none: 'attendance.rates.standing.none',
} as const;

/** Attendance can be recorded on a teaching day that is held and has come; null when it can. */
export function recordingBlocked(day: Pick<TeachingDay, 'date' | 'cancelled'>, onDate: string): 'cancelled' | 'future' | null {
  if (day.cancelled) return 'cancelled';
  if (day.date > onDate) return 'future';
  return null;
}

/**
 * The attendance register: one page per teaching day where the coordinator records
 * present, absent or excused for the whole cohort in one save, every change kept with
 * who and when; and the cohort's attendance per student against the threshold.
 */
@Injectable()
export class AttendanceRegisterService {
  constructor(
    @InjectRepository(TeachingDay) private readonly days: Repository<TeachingDay>,
    @InjectRepository(AttendanceRecord) private readonly records: Repository<AttendanceRecord>,
    @InjectRepository(AttendanceChange) private readonly changes: Repository<AttendanceChange>,
    private readonly repository: AttendanceRepository,
    private readonly access: AccessService,
    private readonly attendance: AttendanceService,
    private readonly transactions: Transactions,
  ) {}

  async dayPage(user: SessionUser, cohortId: number, dayId: number, saved?: string) {
    const scope = await this.access.cohort(user, cohortId);
    const day = await this.findDay(scope.cohort.id, dayId);
    const count = saved !== undefined && /^\d{1,4}$/.test(saved) ? Number(saved) : undefined;
    return this.view(scope, day, { saved: count });
  }

  /**
   * Saves the whole form in one transaction: a record per student whose status is new or
   * changed, and a change row (from → to, who, when) for each. Students left blank stay as
   * they are. Nothing is written when any part of the form is refused.
   */
  async save(user: SessionUser, cohortId: number, dayId: number, body: unknown): Promise<FormResult> {
    const scope = await this.access.cohort(user, cohortId);
    const day = await this.findDay(scope.cohort.id, dayId);
    const students = await this.studentsOf(scope.cohort.id);
    const form = parseRegisterForm(body, students.map((s) => s.enrolmentId));
    const blocked = recordingBlocked(day, today());
    if (blocked) return this.refuse(scope, day, 400, { [DAY_STATE]: BLOCKED[blocked].error }, form.values);
    if (Object.keys(form.errors).length) return this.refuse(scope, day, 400, form.errors, form.values);

    const result = await this.transactions.run(async (manager) => {
      const current = await this.repository.lockDay(manager, scope.cohort.id, day.id);
      if (!current) throw new NotFoundException();
      const nowBlocked = recordingBlocked(current, today());
      if (nowBlocked) return { blocked: nowBlocked };
      const existing = new Map(
        (await manager.getRepository(AttendanceRecord).find({ where: { teachingDayId: day.id } })).map((r) => [r.enrolmentId, r.status]),
      );
      // Someone else saved this student since the page was shown, and this form would overwrite it.
      const conflicts = [...form.statuses]
        .filter(([id, status]) => form.shown.has(id) && (existing.get(id) ?? null) !== form.shown.get(id) && existing.get(id) !== status)
        .map(([id]) => id);
      if (conflicts.length) return { conflicts };
      const changes = changesFrom(form, existing);
      const fresh = changes.filter((c) => c.oldStatus === null);
      if (fresh.length) {
        await manager
          .getRepository(AttendanceRecord)
          .insert(fresh.map((c) => ({ teachingDayId: day.id, enrolmentId: c.enrolmentId, status: c.newStatus, recordedBy: user.id })));
      }
      for (const status of ATTENDANCE_STATUSES) {
        const ids = changes.filter((c) => c.oldStatus !== null && c.newStatus === status).map((c) => c.enrolmentId);
        if (ids.length === 0) continue;
        await this.repository.setStatus(manager, day.id, ids, status, user.id);
      }
      if (changes.length) {
        await manager
          .getRepository(AttendanceChange)
          .insert(changes.map((c) => ({ teachingDayId: day.id, enrolmentId: c.enrolmentId, oldStatus: c.oldStatus, newStatus: c.newStatus, changedBy: user.id })));
      }
      return { changed: changes.length };
    });

    if ('blocked' in result && result.blocked) {
      return this.refuse(scope, await this.findDay(scope.cohort.id, day.id), 400, { [DAY_STATE]: BLOCKED[result.blocked].error }, form.values);
    }
    if ('conflicts' in result && result.conflicts) {
      const errors = Object.fromEntries(result.conflicts.map((id) => [statusField(id), 'attendance.register.error.conflict']));
      return this.refuse(scope, day, 409, errors, form.values);
    }
    return { redirect: `/cohorts/${scope.cohort.id}/days/${day.id}?saved=${result.changed ?? 0}` };
  }

  /** Every student's attendance in the cohort, counted in the database, against the programme's threshold. */
  async cohortRates(user: SessionUser, cohortId: number) {
    const { cohort, programme } = await this.access.cohort(user, cohortId);
    const threshold = programme.content.attendance.threshold;
    const students = await this.studentsOf(cohort.id);
    const [rates, held] = await Promise.all([
      this.attendance.rates(
        students.map((s) => s.enrolmentId),
        threshold,
      ),
      this.days.count({ where: { cohortId: cohort.id, cancelled: false, date: LessThanOrEqual(today()) } }),
    ]);
    const rows = students.map((student) => {
      const rate = rates.get(student.enrolmentId)!;
      const standing = rate.meetsThreshold === null ? 'none' : rate.meetsThreshold ? 'meets' : 'below';
      return { ...student, ...rate, hasRate: rate.percent !== null, standing, standingKey: STANDING[standing] };
    });
    return {
      titleText: titleText('attendance.rates.pageTitle', { cohort: cohort.name }),
      cohort: { id: cohort.id, name: cohort.name },
      programmeTitle: programme.content.title,
      threshold,
      held,
      students: rows,
      belowCount: rows.filter((row) => row.standing === 'below').length,
    };
  }

  private async findDay(cohortId: number, dayId: number): Promise<TeachingDay> {
    const day = Number.isSafeInteger(dayId) ? await this.days.findOne({ where: { id: dayId, cohortId } }) : null;
    if (!day) throw new NotFoundException();
    return day;
  }

  /** The cohort's students by name, as the register lists them. */
  private async studentsOf(cohortId: number): Promise<Student[]> {
    return (await this.repository.studentsOf(cohortId)).sort((a, b) => a.name.localeCompare(b.name, 'nb') || a.enrolmentId - b.enrolmentId);
  }

  private async refuse(scope: Scope, day: TeachingDay, status: number, errors: Record<string, string>, values: Record<string, string>): Promise<FormResult> {
    return { status, data: await this.view(scope, day, { errors, values }) };
  }

  private async view(scope: Scope, day: TeachingDay, state: PageState) {
    const { cohort, programme } = scope;
    const unit = programme.content.duration.unit;
    const errors = state.errors ?? {};
    const values = state.values ?? {};
    const [students, records, history, previous, next] = await Promise.all([
      this.studentsOf(cohort.id),
      this.records.find({ where: { teachingDayId: day.id } }),
      this.history(day.id),
      this.days.findOne({ where: { cohortId: cohort.id, date: LessThan(day.date) }, order: { date: 'DESC' } }),
      this.days.findOne({ where: { cohortId: cohort.id, date: MoreThan(day.date) }, order: { date: 'ASC' } }),
    ]);
    const recorded = new Map(records.map((r) => [r.enrolmentId, r.status]));
    const names = new Map(students.map((s) => [s.enrolmentId, s.name]));
    const rows = students.map((student) => {
      const field = statusField(student.enrolmentId);
      const status = recorded.get(student.enrolmentId);
      const chosen = field in values ? values[field] : status;
      return {
        ...student,
        field,
        shownField: shownField(student.enrolmentId),
        shown: status ?? '',
        recordedKey: status ? STATUS_LABELS[status] : NOT_RECORDED,
        error: errors[field],
        choices: ATTENDANCE_STATUSES.map((value) => ({ value, id: `${field}_${value}`, labelKey: STATUS_LABELS[value], checked: chosen === value })),
      };
    });
    const blocked = recordingBlocked(day, today());
    const count = (status: AttendanceStatus) => records.filter((r) => r.status === status && names.has(r.enrolmentId)).length;
    return {
      titleText: titleText('attendance.register.pageTitle', { cohort: cohort.name }),
      cohort: { id: cohort.id, name: cohort.name },
      programmeTitle: programme.content.title,
      day: {
        id: day.id,
        date: day.date,
        cancelled: day.cancelled,
        weekdayKey: `weekday.${WEEKDAYS[weekdayIndex(day.date)]}`,
        period: periodOf(cohort.startDate, day.date, unit),
      },
      periodKey: unit === 'weeks' ? 'attendance.days.period.weeks' : 'attendance.days.period.months',
      canRecord: blocked === null,
      blockedKey: blocked ? BLOCKED[blocked].notice : undefined,
      dayStateId: DAY_STATE,
      formId: REGISTER_FORM_ID,
      students: rows,
      summary: {
        present: count('present'),
        absent: count('absent'),
        excused: count('excused'),
        none: students.filter((s) => !recorded.has(s.enrolmentId)).length,
      },
      history: history.map((change) => ({
        ...change,
        student: names.get(change.enrolmentId) ?? '',
        fromKey: change.oldStatus ? STATUS_LABELS[change.oldStatus] : NOT_RECORDED,
        toKey: STATUS_LABELS[change.newStatus],
      })),
      previous: previous ? { id: previous.id, date: previous.date } : undefined,
      next: next ? { id: next.id, date: next.date } : undefined,
      savedKey: state.saved === undefined ? undefined : state.saved === 0 ? 'attendance.register.savedNone' : 'attendance.register.saved',
      saved: state.saved,
      errors: Object.keys(errors).length ? errors : undefined,
      values,
    };
  }

  /** The day's changes, newest first, with who made them and when (date and time in Norway). */
  private async history(dayId: number) {
    const changes = await this.changes.find({ where: { teachingDayId: dayId }, order: { changedAt: 'DESC', id: 'DESC' } });
    const byId = await this.repository.names([...new Set(changes.map((c) => c.changedBy))]);
    return changes.map((change) => ({
      enrolmentId: change.enrolmentId,
      oldStatus: change.oldStatus,
      newStatus: change.newStatus,
      by: byId.get(change.changedBy) ?? '',
      on: today(change.changedAt),
      time: osloTime(change.changedAt),
      iso: change.changedAt.toISOString(),
    }));
  }
}

interface Change {
  enrolmentId: number;
  oldStatus: AttendanceStatus | null;
  newStatus: AttendanceStatus;
}

/** The students whose chosen status differs from what is recorded. */
function changesFrom(form: RegisterForm, existing: Map<number, AttendanceStatus>): Change[] {
  return [...form.statuses]
    .filter(([id, status]) => existing.get(id) !== status)
    .map(([enrolmentId, newStatus]) => ({ enrolmentId, oldStatus: existing.get(enrolmentId) ?? null, newStatus }));
}

// Built once: making a formatter costs far more than using one.
const OSLO_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Hours and minutes in Norway, 24-hour clock as both languages write it. */
function osloTime(at: Date): string {
  return OSLO_TIME.format(at);
}
