/**
 * {{hours 2.5}}: hours written out in the page's language: "2,5 t" or "2.5 h".
 */
import type { HelperOptions } from 'handlebars';
import { numbers } from '../../../i18n/numbers';
import { memoised } from '../../memo';

// Hours come in quarters, so the same few hundred figures recur on every page: each is written once per language.
const written = {
  nb: memoised((number: number) => `${numbers('nb').format(number)} t`),
  en: memoised((number: number) => `${numbers('en').format(number)} h`),
};

export function hours(value: number | string | undefined, options: HelperOptions): string {
  return written[options.data?.root?.locale === 'en' ? 'en' : 'nb'](Number(value ?? 0));
}
