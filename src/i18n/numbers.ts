import type { Locale } from './i18n';

// Built once per language: making an Intl.NumberFormat costs ~100 µs, far more than using one, and the
// progress pages, charts and exports write figures on every request.
const FORMATS = {
  grouped: {
    nb: new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 }),
    en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
  },
  // For spreadsheet cells: a thousands separator would turn a number into text.
  plain: {
    nb: new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2, useGrouping: false }),
    en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, useGrouping: false }),
  },
};

/** Figures with up to two decimals as the language writes them ("1 234,5" or "1,234.5"); `plain` leaves out the grouping. */
export function numbers(locale: Locale, style: 'grouped' | 'plain' = 'grouped'): Intl.NumberFormat {
  return FORMATS[style][locale === 'en' ? 'en' : 'nb'];
}
