/**
 * {{hours 2.5}}: hours written out in the page's language: "2,5 t" or "2.5 h".
 */
import type { HelperOptions } from 'handlebars';

export function hours(value: number | string | undefined, options: HelperOptions): string {
  const number = Number(value ?? 0);
  const en = options.data?.root?.locale === 'en';
  const text = new Intl.NumberFormat(en ? 'en-GB' : 'nb-NO', { maximumFractionDigits: 2 }).format(number);
  return `${text} ${en ? 'h' : 't'}`;
}
