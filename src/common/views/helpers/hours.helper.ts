/**
 * {{hours 2.5}}: hours written out in the page's language: "2,5 t" or "2.5 h".
 */
import type { HelperOptions } from 'handlebars';
import { memoised } from '../../memo';

// Built once: making an Intl formatter costs far more than using one, and a page may show hundreds of figures.
const formats = {
  nb: new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

// Hours come in quarters, so the same few hundred figures recur on every page: each is written once per language.
const written = {
  nb: memoised((number: number) => `${formats.nb.format(number)} t`),
  en: memoised((number: number) => `${formats.en.format(number)} h`),
};

export function hours(value: number | string | undefined, options: HelperOptions): string {
  return written[options.data?.root?.locale === 'en' ? 'en' : 'nb'](Number(value ?? 0));
}
