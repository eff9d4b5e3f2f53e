/**
 * {{date value}}: a calendar date (YYYY-MM-DD or a Date) written out in the page's language,
 * e.g. "5. oktober 2026" or "5 October 2026".
 */
import type { HelperOptions } from 'handlebars';
import { memoised } from '../../memo';

// Built once: making an Intl formatter costs far more than using one, and a page may show hundreds of dates.
const formats = {
  'nb-NO': new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  'en-GB': new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

// Formatting a date still costs a few µs, and a page of fifty entries writes each date twice: calendar dates
// (the usual input) are written once per language and then remembered.
const calendar = {
  'nb-NO': memoised((day: string) => formatted(new Date(`${day}T12:00:00Z`), 'nb-NO')),
  'en-GB': memoised((day: string) => formatted(new Date(`${day}T12:00:00Z`), 'en-GB')),
};

function formatted(when: Date, locale: keyof typeof formats): string {
  return Number.isNaN(when.getTime()) ? '' : formats[locale].format(when);
}

export function date(value: string | Date | undefined, options: HelperOptions): string {
  if (!value) return '';
  const locale = options.data?.root?.locale === 'en' ? 'en-GB' : 'nb-NO';
  if (typeof value !== 'string') return formatted(value, locale) || String(value);
  return calendar[locale](value.slice(0, 10)) || value;
}
