/**
 * {{t "key"}} or {{t "key" name=value}}: the message in the page's language.
 * The language is the `locale` of the data the page was rendered with; numbers
 * among the values are written the way that language writes them (2,5 / 2.5).
 */
import type { HelperOptions } from 'handlebars';
import { DEFAULT_LOCALE, isLocale, translate } from '../../../i18n/i18n';
import { numbers } from '../../../i18n/numbers';

export function t(key: string, options: HelperOptions): string {
  const requested = options.data?.root?.locale;
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  const hash: Record<string, unknown> = options.hash ?? {};
  const params: Record<string, unknown> = {};
  for (const name in hash) params[name] = typeof hash[name] === 'number' ? numbers(locale).format(hash[name]) : hash[name];
  return translate(locale, key, params);
}
