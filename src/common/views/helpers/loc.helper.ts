/**
 * {{loc text}}: a curriculum text ({ nb, en }) in the page's language, falling back to bokmål.
 * {{locLang text}}: the language that text is actually in, for a `lang` attribute.
 */
import type { HelperOptions } from 'handlebars';
import { DEFAULT_LOCALE, isLocale, localise, LocalisedText } from '../../../i18n/i18n';

function pageLocale(options: HelperOptions) {
  const locale = options.data?.root?.locale;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

export function loc(text: LocalisedText | undefined, options: HelperOptions): string {
  return localise(text, pageLocale(options)).text;
}

export function locLang(text: LocalisedText | undefined, options: HelperOptions): string {
  return localise(text, pageLocale(options)).lang;
}
