import { addDays, addMonths, daysBetween, monthsBetween } from '../common/dates';
import { memoised } from '../common/memo';
import type { DurationUnit } from '../curricula/curriculum.types';

export interface TimelinePosition {
  state: 'upcoming' | 'running' | 'ended';
  /** The week or month the cohort is in today (1-based), clamped to 1..length. */
  current: number;
  length: number;
  unit: DurationUnit;
  /** The last day of the programme. */
  endDate: string;
  /** Days until the start, for a cohort that has not started. */
  daysToStart: number;
}

/** The first day of period `n` (1-based) of a programme starting on `startDate`. */
export function periodStart(startDate: string, unit: DurationUnit, n: number): string {
  return periodStarts(`${startDate}|${unit}|${n}`);
}

// Pages ask the same few cohorts' calendars over and over (every row of a table, every milestone, every
// chart period): each answer is worked out once.
const periodStarts = memoised((key: string) => {
  const [startDate, unit, n] = key.split('|');
  return unit === 'weeks' ? addDays(startDate, (Number(n) - 1) * 7) : addMonths(startDate, Number(n) - 1);
});

/** The last day of a programme of `length` periods. */
export function programmeEnd(startDate: string, unit: DurationUnit, length: number): string {
  return programmeEnds(`${startDate}|${unit}|${length}`);
}

// Every home page and table row places its cohort on the calendar, and a cohort's last day never changes.
const programmeEnds = memoised((key: string) => {
  const [startDate, unit, length] = key.split('|');
  return addDays(periodStart(startDate, unit as DurationUnit, Number(length) + 1), -1);
});

/** Where a cohort is today: week N of 15, month N of 12, not started yet, or finished. */
export function positionOn(startDate: string, date: string, unit: DurationUnit, length: number): TimelinePosition {
  const endDate = programmeEnd(startDate, unit, length);
  const days = daysBetween(startDate, date);
  if (days < 0) return { state: 'upcoming', current: 1, length, unit, endDate, daysToStart: -days };
  const elapsed = unit === 'weeks' ? Math.floor(days / 7) : monthsBetween(startDate, date);
  const current = elapsed + 1;
  if (date > endDate) return { state: 'ended', current: length, length, unit, endDate, daysToStart: 0 };
  return { state: 'running', current: Math.min(current, length), length, unit, endDate, daysToStart: 0 };
}
