/**
 * {{hours 2.5}}: hours written out in the page's language: "2,5 t" or "2.5 h".
 */
import type { HelperOptions } from 'handlebars';

// Built once: making an Intl formatter costs far more than using one, and a page may show hundreds of figures.
const formats = {
  nb: new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

export function hours(value: number | string | undefined, options: HelperOptions): string {
  const number = Number(value ?? 0);
  const en = options.data?.root?.locale === 'en';
  const text = formats[en ? 'en' : 'nb'].format(number);
  return `${text} ${en ? 'h' : 't'}`;
}
