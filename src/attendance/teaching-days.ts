import { addDays, daysBetween, isIsoDate, monthsBetween, weekdayIndex } from '../common/dates';
import { periodStart } from '../cohorts/timeline';
import { WEEKDAYS, type CurriculumContent, type DurationUnit, type Weekday } from '../curricula/curriculum.types';

/**
 * The teaching days of a cohort: every chosen weekday in the schedule's weeks
 * (or months), counted from the cohort's start date.
 */
export function generateTeachingDays(startDate: string, curriculum: Pick<CurriculumContent, 'duration' | 'schedule'>, weekdays: Weekday[]): string[] {
  const { unit } = curriculum.duration;
  const first = periodStart(startDate, unit, curriculum.schedule.from);
  const last = addDays(periodStart(startDate, unit, curriculum.schedule.to + 1), -1);
  const wanted = new Set(weekdays.map((day) => WEEKDAYS.indexOf(day)));
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (wanted.has(weekdayIndex(day))) days.push(day);
  }
  return days;
}

/** The week or month (1-based) of the programme a date falls in, counted from the cohort's start date. */
export function periodOf(startDate: string, date: string, unit: DurationUnit): number {
  return unit === 'weeks' ? Math.floor(daysBetween(startDate, date) / 7) + 1 : monthsBetween(startDate, date) + 1;
}

/** Why a date cannot be a teaching day of a programme running `from`–`to` (message key), or null. */
export function teachingDateProblem(value: string | undefined, period: { from: string; to: string }): string | null {
  const date = value?.trim() ?? '';
  if (date === '') return 'attendance.days.error.required';
  if (!isIsoDate(date)) return 'attendance.days.error.notADate';
  if (date < period.from || date > period.to) return 'attendance.days.error.outside';
  return null;
}
