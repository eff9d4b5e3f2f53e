import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { AccessService } from '../cohorts/access.service';
import type { Cohort } from '../cohorts/cohort.entity';
import { Enrolment } from '../cohorts/enrolment.entity';
import { programmeEnd } from '../cohorts/timeline';
import { today, weekdayIndex } from '../common/dates';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { WEEKDAYS } from '../curricula/curriculum.types';
import { Transactions } from '../database/transactions';
import { AttendanceRecord } from './attendance-record.entity';
import { AttendanceRepository, type DayChange } from './attendance.repository';
import type { DayForm } from './dto/day-form.dto';
import type { DayHoursForm } from './dto/day-hours-form.dto';
import { FieldErrors, type FormResult } from '../common/form-result';
import { clockTime, describeHours, effectiveHours, hoursProblems } from '../cohorts/teaching-hours';
import { titleText } from './outcome';
import { SkippedTeachingDay } from './skipped-teaching-day.entity';
import { TeachingDay } from './teaching-day.entity';
import { periodOf, teachingDateProblem } from './teaching-days';

interface Scope {
  cohort: Cohort;
  programme: CurriculumVersion;
}

/** A rule the change broke: the message (beside `field`) and the status to answer with. */
interface Refusal {
  field: string;
  key: string;
  status: number;
}

interface PageState {
  done?: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

/** What the notice after a change says, by the `done` in the address. */
const DONE: Record<string, string> = {
  added: 'attendance.days.done.added',
  moved: 'attendance.days.done.moved',
  cancelled: 'attendance.days.done.cancelled',
  restored: 'attendance.days.done.restored',
  hours: 'calendar.days.done.hours',
};

const CONFLICT = 'attendance.days.error.conflict';

/** The field and row ids on the list page, which the messages are placed beside. */
export const ADD_FIELD = 'date';
export const moveField = (dayId: number) => `move-${dayId}`;
export const rowField = (dayId: number) => `day-${dayId}`;

/**
 * A cohort's teaching days as the coordinator plans them: the list, and adding,
 * moving, cancelling and restoring a day. A day keeps its date unique in the cohort
 * (a cancelled day too, so it can be restored), and a day with attendance recorded
 * stays on its date: cancel it and add another instead.
 */
@Injectable()
export class TeachingDaysService {
  constructor(
    @InjectRepository(TeachingDay) private readonly days: Repository<TeachingDay>,
    @InjectRepository(SkippedTeachingDay) private readonly skipped: Repository<SkippedTeachingDay>,
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    private readonly repository: AttendanceRepository,
    private readonly access: AccessService,
    private readonly transactions: Transactions,
  ) {}

  async page(user: SessionUser, cohortId: number, done?: string) {
    const scope = await this.access.cohort(user, cohortId);
    return this.view(scope, { done });
  }

  async add(user: SessionUser, cohortId: number, form: DayForm): Promise<FormResult> {
    const scope = await this.access.cohort(user, cohortId);
    const date = form.date?.trim() ?? '';
    const values = { [ADD_FIELD]: form.date ?? '' };
    const problem = teachingDateProblem(date, programmePeriod(scope));
    if (problem) return this.refuse(scope, { field: ADD_FIELD, key: problem, status: 400 }, values);
    const refusal = await this.write(ADD_FIELD, async (manager) => {
      const taken = await takenBy(manager, scope.cohort.id, date, ADD_FIELD);
      if (taken) return taken;
      await manager.getRepository(TeachingDay).insert({ cohortId: scope.cohort.id, date, cancelled: false });
      return null;
    });
    if (refusal) return this.refuse(scope, refusal, values);
    return { redirect: `/cohorts/${scope.cohort.id}/days?done=added` };
  }

  async move(user: SessionUser, cohortId: number, dayId: number, form: DayForm): Promise<FormResult> {
    const scope = await this.access.cohort(user, cohortId);
    const day = await this.findDay(scope.cohort.id, dayId);
    const field = moveField(day.id);
    const date = form.date?.trim() ?? '';
    const values = { [field]: form.date ?? '' };
    const problem = teachingDateProblem(date, programmePeriod(scope));
    if (problem) return this.refuse(scope, { field, key: problem, status: 400 }, values);
    const refusal = await this.write(field, async (manager) => {
      const current = await this.lockDay(manager, scope.cohort.id, day.id);
      if (current.version !== Number(form.version)) return { field, key: CONFLICT, status: 409 };
      if (current.cancelled) return { field, key: 'attendance.days.error.moveCancelled', status: 400 };
      if (current.date === date) return { field, key: 'attendance.days.error.sameDate', status: 400 };
      if (await manager.getRepository(AttendanceRecord).exists({ where: { teachingDayId: day.id } })) {
        return { field, key: 'attendance.days.error.hasAttendance', status: 400 };
      }
      const taken = await takenBy(manager, scope.cohort.id, date, field);
      if (taken) return taken;
      return this.updateDay(manager, current, { date }, field);
    });
    if (refusal) return this.refuse(scope, refusal, values);
    return { redirect: `/cohorts/${scope.cohort.id}/days?done=moved` };
  }

  /** Cancels a day (cancelled: true) or restores it; attendance already recorded stays, but a cancelled day never counts. */
  async setCancelled(user: SessionUser, cohortId: number, dayId: number, cancelled: boolean, form: DayForm): Promise<FormResult> {
    const scope = await this.access.cohort(user, cohortId);
    const day = await this.findDay(scope.cohort.id, dayId);
    const field = rowField(day.id);
    const refusal = await this.write(field, async (manager) => {
      const current = await this.lockDay(manager, scope.cohort.id, day.id);
      if (current.version !== Number(form.version)) return { field, key: CONFLICT, status: 409 };
      if (current.cancelled === cancelled) return null;
      return this.updateDay(manager, current, { cancelled }, field);
    });
    if (refusal) return this.refuse(scope, refusal, {});
    return { redirect: `/cohorts/${scope.cohort.id}/days?done=${cancelled ? 'cancelled' : 'restored'}` };
  }

  /** The page for one day's own time and place; `values` and `errors` when a change was refused. */
  async hoursPage(user: SessionUser, cohortId: number, dayId: number, values?: Partial<DayHoursForm>, errors: Record<string, unknown> = {}) {
    const scope = await this.access.cohort(user, cohortId);
    const day = await this.findDay(scope.cohort.id, dayId);
    return this.hoursView(scope, day, values, errors);
  }

  /**
   * Gives one day still to come its own start, end and place (a day moved to another room, a shorter day); an
   * empty field goes back to the cohort's. Saved over the version the page showed, so a change made meanwhile is
   * a conflict.
   */
  async setHours(user: SessionUser, cohortId: number, dayId: number, form: DayHoursForm): Promise<FormResult> {
    const scope = await this.access.cohort(user, cohortId);
    const day = await this.findDay(scope.cohort.id, dayId);
    const { cohort } = scope;
    const own = (value: string | undefined) => (value ? clockTime(value) : undefined);
    const startTime = own(form.startTime);
    const endTime = own(form.endTime);
    // The page of a day that has been held says so, and has no form.
    if (day.date < today()) return { status: 400, data: await this.hoursView(scope, day, form, {}) };
    const errors = new FieldErrors();
    const start = startTime === undefined ? cohort.startTime : startTime;
    const end = endTime === undefined ? cohort.endTime : endTime;
    const problems = hoursProblems(start, end);
    if (problems.start) errors.add('startTime', problems.start);
    if (problems.end) errors.add('endTime', problems.end);
    if (errors.any) return { status: 400, data: await this.hoursView(scope, day, form, errors.errors) };
    // A day's own hours are kept as a pair, so that a later change to the cohort's cannot leave it ending before it starts.
    const ownHours = startTime !== undefined || endTime !== undefined;
    const change = { startTime: ownHours ? start : null, endTime: ownHours ? end : null, place: form.place || null };
    const refusal = await this.write('startTime', async (manager) => {
      const current = await this.lockDay(manager, cohort.id, day.id);
      if (current.version !== Number(form.version)) return { field: 'startTime', key: CONFLICT, status: 409 };
      return this.updateDay(manager, current, change, 'startTime');
    });
    if (refusal) return { status: refusal.status, data: await this.hoursView(scope, await this.findDay(cohort.id, day.id), form, { [refusal.field]: refusal.key }) };
    return { redirect: `/cohorts/${cohort.id}/days?done=hours#${rowField(day.id)}` };
  }

  private hoursView(scope: Scope, day: TeachingDay, values: Partial<DayHoursForm> | undefined, errors: Record<string, unknown>) {
    const { cohort, programme } = scope;
    return {
      titleText: titleText('calendar.days.hoursPageTitle', { cohort: cohort.name }),
      cohort: { id: cohort.id, name: cohort.name },
      programmeTitle: programme.content.title,
      day: { id: day.id, date: day.date, cancelled: day.cancelled, weekdayKey: `weekday.${WEEKDAYS[weekdayIndex(day.date)]}` },
      held: day.date < today(),
      usual: { startTime: cohort.startTime, endTime: cohort.endTime, place: cohort.place },
      values: values ?? { startTime: day.startTime ?? '', endTime: day.endTime ?? '', place: day.place ?? '', version: String(day.version) },
      errors,
    };
  }

  private async findDay(cohortId: number, dayId: number): Promise<TeachingDay> {
    const day = Number.isSafeInteger(dayId) ? await this.days.findOne({ where: { id: dayId, cohortId } }) : null;
    if (!day) throw new NotFoundException();
    return day;
  }

  /** Runs the change in one transaction; two people adding the same date at once get the "taken" message, not an error page. */
  private async write(field: string, work: (manager: EntityManager) => Promise<Refusal | null>): Promise<Refusal | null> {
    try {
      return await this.transactions.run(work);
    } catch (error) {
      if (isUniqueViolation(error)) return { field, key: 'attendance.days.error.taken', status: 409 };
      throw error;
    }
  }

  private async refuse(scope: Scope, refusal: Refusal, values: Record<string, string>): Promise<FormResult> {
    const page = await this.view(scope, { errors: { [refusal.field]: refusal.key }, values });
    return { status: refusal.status, data: page };
  }

  private async view(scope: Scope, state: PageState) {
    const { cohort, programme } = scope;
    const unit = programme.content.duration.unit;
    const errors = state.errors ?? {};
    const values = state.values ?? {};
    const [days, recorded, studentCount, skipped] = await Promise.all([
      this.days.find({ where: { cohortId: cohort.id }, order: { date: 'ASC', id: 'ASC' } }),
      this.repository.recordedPerDay(cohort.id),
      this.enrolments.count({ where: { cohortId: cohort.id } }),
      this.skipped.find({ where: { cohortId: cohort.id }, order: { date: 'ASC' } }),
    ]);
    const now = today();
    const rows = days.map((day) => {
      const count = recorded.get(day.id) ?? 0;
      return {
        id: day.id,
        on: day.date,
        version: day.version,
        weekdayKey: `weekday.${WEEKDAYS[weekdayIndex(day.date)]}`,
        period: periodOf(cohort.startDate, day.date, unit),
        cancelled: day.cancelled,
        teachingHours: describeHours(effectiveHours(cohort, day)),
        ownHours: day.startTime !== null || day.endTime !== null || day.place !== null,
        // A day that has been held keeps the time and place it was held at.
        canChangeHours: day.date >= now,
        recorded: count,
        canMove: !day.cancelled && count === 0,
        rowId: rowField(day.id),
        rowError: errors[rowField(day.id)],
        moveId: moveField(day.id),
        moveValue: values[moveField(day.id)] ?? '',
        moveError: errors[moveField(day.id)],
      };
    });
    const period = programmePeriod(scope);
    const dayOn = new Map(days.map((day) => [day.date, day]));
    return {
      titleText: titleText('attendance.days.pageTitle', { cohort: cohort.name }),
      cohort: { id: cohort.id, name: cohort.name },
      programmeTitle: programme.content.title,
      usualHours: describeHours(cohort),
      period,
      periodKey: unit === 'weeks' ? 'attendance.days.period.weeks' : 'attendance.days.period.months',
      periodHeadingKey: unit === 'weeks' ? 'attendance.days.col.week' : 'attendance.days.col.month',
      days: rows,
      // A skipped day the coordinator has added back is a teaching day again; the list links to it.
      skipped: skipped.map((s) => ({
        on: s.date,
        weekdayKey: `weekday.${WEEKDAYS[weekdayIndex(s.date)]}`,
        holiday: s.holiday,
        addedBack: dayOn.has(s.date) ? { rowId: rowField(dayOn.get(s.date)!.id) } : undefined,
      })),
      skippedLeft: skipped.filter((s) => !dayOn.has(s.date)).length,
      total: rows.length,
      cancelledCount: rows.filter((row) => row.cancelled).length,
      studentCount,
      doneKey: state.done && Object.hasOwn(DONE, state.done) ? DONE[state.done] : undefined,
      errors: Object.keys(errors).length ? errors : undefined,
      values,
    };
  }

  /** The day, read again (and on PostgreSQL locked) inside the transaction. */
  private async lockDay(manager: EntityManager, cohortId: number, dayId: number): Promise<TeachingDay> {
    const day = await this.repository.lockDay(manager, cohortId, dayId);
    if (!day) throw new NotFoundException();
    return day;
  }

  /** Changes the day only if nobody else has since the page was shown (version unchanged). */
  private async updateDay(manager: EntityManager, day: TeachingDay, change: DayChange, field: string): Promise<Refusal | null> {
    return (await this.repository.changeDayIfUnchanged(manager, day, change)) ? null : { field, key: CONFLICT, status: 409 };
  }
}

/** The cohort's programme period: from its start to the last day of its last week or month. */
export function programmePeriod({ cohort, programme }: Scope): { from: string; to: string } {
  const { unit, length } = programme.content.duration;
  return { from: cohort.startDate, to: programmeEnd(cohort.startDate, unit, length) };
}

async function takenBy(manager: EntityManager, cohortId: number, date: string, field: string): Promise<Refusal | null> {
  const other = await manager.getRepository(TeachingDay).findOne({ where: { cohortId, date } });
  if (!other) return null;
  return { field, key: other.cancelled ? 'attendance.days.error.takenCancelled' : 'attendance.days.error.taken', status: 400 };
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
