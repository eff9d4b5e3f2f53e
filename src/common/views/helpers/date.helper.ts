/**
 * {{date value}}: a calendar date (YYYY-MM-DD or a Date) written out in the page's language,
 * e.g. "5. oktober 2026" or "5 October 2026".
 */
import type { HelperOptions } from 'handlebars';

// Built once: making an Intl formatter costs far more than using one, and a page may show hundreds of dates.
const formats = {
  'nb-NO': new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  'en-GB': new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

export function date(value: string | Date | undefined, options: HelperOptions): string {
  if (!value) return '';
  const when = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  if (Number.isNaN(when.getTime())) return String(value);
  const locale = options.data?.root?.locale === 'en' ? 'en-GB' : 'nb-NO';
  return formats[locale].format(when);
}
