import { addDays, daysBetween, isIsoDate, monthsBetween, weekdayIndex } from '../common/dates';
import { periodStart } from '../cohorts/timeline';
import { WEEKDAYS, type CurriculumContent, type DurationUnit, type Weekday } from '../curricula/curriculum.types';
import type { LocalisedText } from '../i18n/i18n';
import { holidayOn } from './holidays';

/** A cohort's planned teaching days, and the chosen weekdays left out because they are days off in Norway. */
export interface TeachingDayPlan {
  days: string[];
  skipped: { date: string; holiday: LocalisedText }[];
}

/**
 * The teaching days of a cohort: every chosen weekday in the schedule's weeks
 * (or months), counted from the cohort's start date, except Norwegian public
 * holidays and Christmas and New Year's Eve, which are listed as skipped.
 */
export function generateTeachingDays(startDate: string, curriculum: Pick<CurriculumContent, 'duration' | 'schedule'>, weekdays: Weekday[]): TeachingDayPlan {
  const { unit } = curriculum.duration;
  const first = periodStart(startDate, unit, curriculum.schedule.from);
  const last = addDays(periodStart(startDate, unit, curriculum.schedule.to + 1), -1);
  const wanted = new Set(weekdays.map((day) => WEEKDAYS.indexOf(day)));
  const plan: TeachingDayPlan = { days: [], skipped: [] };
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (!wanted.has(weekdayIndex(day))) continue;
    const holiday = holidayOn(day);
    if (holiday) plan.skipped.push({ date: day, holiday });
    else plan.days.push(day);
  }
  return plan;
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
