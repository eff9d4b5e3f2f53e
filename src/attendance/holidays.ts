import Holidays from 'date-holidays';
import type { LocalisedText } from '../i18n/i18n';

/** Days off in Norway that no teaching is planned on: public holidays, and Christmas Eve and New Year's Eve (bank holidays). */
const SKIPPED_TYPES = new Set(['public', 'bank']);

const nb = new Holidays('NO', { languages: ['no'] });
const en = new Holidays('NO', { languages: ['en'] });
const byYear = new Map<number, Map<string, LocalisedText>>();

/** The Norwegian days off of one year by date (YYYY-MM-DD), with their names, from the maintained holiday library. */
export function norwegianHolidays(year: number): Map<string, LocalisedText> {
  let days = byYear.get(year);
  if (!days) {
    days = new Map();
    const english = new Map(en.getHolidays(year).map((h) => [`${h.date.slice(0, 10)}|${h.rule}`, h.name]));
    for (const h of nb.getHolidays(year)) {
      if (!SKIPPED_TYPES.has(h.type)) continue;
      // The library gives a date and time of day in Norway ("2026-12-31 14:00:00"); the date is what counts.
      const date = h.date.slice(0, 10);
      const name = english.get(`${date}|${h.rule}`);
      days.set(date, name ? { nb: h.name, en: name } : { nb: h.name });
    }
    byYear.set(year, days);
  }
  return days;
}

/** The day off on `date`, or undefined when it is an ordinary day. */
export function holidayOn(date: string): LocalisedText | undefined {
  return norwegianHolidays(Number(date.slice(0, 4))).get(date);
}
