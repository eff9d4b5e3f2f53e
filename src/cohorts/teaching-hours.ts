// The cohort's form (cohort-admin), a day's own time and place (attendance) and the calendar feed all apply
// these rules, so they sit in the core below them.

/** The hours a cohort is taught when nobody has said otherwise. */
export const DEFAULT_HOURS = { startTime: '09:00', endTime: '15:00' } as const;

/** The longest place a cohort or a day can be given (the column's width). */
export const PLACE_MAX = 200;

const CLOCK = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** A time of day as stored, HH:MM: "9:00", "09:00" and "09.00" (as Norwegians often write it) are all 09:00; null for anything else. */
export function clockTime(value: string | undefined | null): string | null {
  const match = CLOCK.exec(value?.trim() ?? '');
  return match ? `${match[1].padStart(2, '0')}:${match[2]}` : null;
}

/** A teaching day's times and place: the day's own where it has them, else the cohort's. */
export function effectiveHours(
  cohort: { startTime: string; endTime: string; place: string },
  day: { startTime: string | null; endTime: string | null; place: string | null },
): { startTime: string; endTime: string; place: string } {
  return { startTime: day.startTime ?? cohort.startTime, endTime: day.endTime ?? cohort.endTime, place: day.place ?? cohort.place };
}

/** "09:00–15:00", with the place after a comma when there is one. */
export function describeHours(hours: { startTime: string; endTime: string; place: string }): string {
  return hours.place ? `${hours.startTime}–${hours.endTime}, ${hours.place}` : `${hours.startTime}–${hours.endTime}`;
}

/** Message keys for what is wrong with a start and end as typed, by field; empty when both are times and the end comes after the start. */
export function hoursProblems(start: string | null, end: string | null): { start?: string; end?: string } {
  if (start === null || end === null) {
    return { ...(start === null ? { start: 'calendar.hours.error.time' } : {}), ...(end === null ? { end: 'calendar.hours.error.time' } : {}) };
  }
  return end > start ? {} : { end: 'calendar.hours.error.endBeforeStart' };
}
