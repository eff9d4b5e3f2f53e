/**
 * {{t "key"}} or {{t "key" name=value}}: the message in the page's language.
 * The language is the `locale` of the data the page was rendered with.
 */
import type { HelperOptions } from 'handlebars';
import { DEFAULT_LOCALE, isLocale, translate } from '../../../i18n/i18n';

export function t(key: string, options: HelperOptions): string {
  const locale = options.data?.root?.locale;
  return translate(isLocale(locale) ? locale : DEFAULT_LOCALE, key, options.hash ?? {});
}
