/**
 * {{datetime value}}: a moment written out with date and time in Norway, e.g. "5. okt. 2026, 14:05".
 */
import type { HelperOptions } from 'handlebars';

// Built once: making an Intl formatter costs far more than using one.
const formats = {
  'nb-NO': new Intl.DateTimeFormat('nb-NO', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }),
  'en-GB': new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }),
};

export function datetime(value: string | Date | undefined, options: HelperOptions): string {
  if (!value) return '';
  const when = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(when.getTime())) return String(value);
  const locale = options.data?.root?.locale === 'en' ? 'en-GB' : 'nb-NO';
  return formats[locale].format(when);
}
