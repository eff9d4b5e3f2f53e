import { canSubmit, MilestoneStatus } from '../assignments/milestones';
import { positionOn } from '../cohorts/timeline';
import { addDays, daysBetween, today, weekdayIndex } from '../common/dates';
import type { CurriculumContent } from '../curricula/curriculum.types';
import { Pace, paceFor } from '../progress/pace';

/** Days without a practice entry dated or submitted before a supervisor is told a student's hours have stalled. */
export const STALLED_DAYS = 14;
/** How far ahead a student is told of a milestone's due date. */
export const DUE_SOON_DAYS = 14;
/** How long an employer is told that a trainee's consent ended. */
export const CONSENT_ENDED_DAYS = 30;
/** Lines of one kind a home page lists before it says how many more there are. */
export const LIST_LIMIT = 10;

/** A moment as either database answers it: a Date from PostgreSQL, UTC text ("2026-12-01 09:30:00") from SQLite. */
export function toMoment(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(`${value.replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`);
}

/** Whole days, by the calendar in Norway, from `since` to `now`: 0 on the same day, 1 the next, whatever the hour. */
export function daysWaited(since: Date, now: Date = new Date()): number {
  return Math.max(0, daysBetween(today(since), today(now)));
}

/** The Sunday that ends the week of `date` (weeks run Monday to Sunday). */
export function endOfWeek(date: string): string {
  return addDays(date, 6 - weekdayIndex(date));
}

/** The message key for one or for several ("….one" / "….other"). */
export function plural(key: string, count: number): string {
  return `${key}.${count === 1 ? 'one' : 'other'}`;
}

/** What the stalled-hours rule needs to know of one enrolment. */
export interface PracticeActivity {
  startDate: string;
  /** The last day of the programme. */
  endDate: string;
  certified: boolean;
  /** The latest date any entry (a draft too) is dated, YYYY-MM-DD. */
  lastEntryDate: string | null;
  /** The latest moment an entry was sent to the supervisor. */
  lastSubmitted: Date | null;
  approvedHours: number;
  requiredHours: number;
}

/**
 * A student's hours have stalled when the enrolment is active (the programme has run at least STALLED_DAYS days and
 * not ended, and no certificate is issued), the required hours are not all approved, and no entry is dated or was
 * submitted in the last STALLED_DAYS days.
 */
export function hoursStalled(activity: PracticeActivity, on: string): boolean {
  const since = addDays(on, -STALLED_DAYS);
  if (activity.certified || activity.startDate > since || on > activity.endDate) return false;
  if (activity.approvedHours >= activity.requiredHours) return false;
  if (activity.lastEntryDate !== null && activity.lastEntryDate >= since) return false;
  if (activity.lastSubmitted !== null && today(activity.lastSubmitted) >= since) return false;
  return true;
}

/**
 * The pace of a trainee whose programme is running and who holds no certificate, by the cohort table's rule
 * (progress/pace.ts); undefined for anyone else, whose pace no one needs to act on.
 */
export function paceWhileRunning(
  content: CurriculumContent,
  trainee: { startDate: string; certified: boolean; approvedHours: number; signedOff: Iterable<string>; approvedByCategory: ReadonlyMap<string, number> },
  on: string,
): Pace | undefined {
  const { unit, length } = content.duration;
  if (trainee.certified || positionOn(trainee.startDate, on, unit, length).state !== 'running') return undefined;
  return paceFor(content, trainee.startDate, on, trainee.approvedHours, trainee.signedOff, trainee.approvedByCategory);
}

/** Milestones the student still has to hand in that are due within DUE_SOON_DAYS days, or already late; soonest first. */
export function milestonesDueSoon(milestones: MilestoneStatus[], on: string): MilestoneStatus[] {
  const horizon = addDays(on, DUE_SOON_DAYS);
  return milestones.filter((m) => canSubmit(m.state) && m.dueDate <= horizon).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}
