import { addDays, weekdayIndex } from '../common/dates';
import { periodStart } from '../cohorts/timeline';
import { WEEKDAYS, type CurriculumContent, type Weekday } from '../curricula/curriculum.types';

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
