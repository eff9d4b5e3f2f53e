import * as fs from 'fs';
import * as path from 'path';

export const LOCALES = ['nb', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'nb';

type Messages = Record<string, string>;

/** Each feature keeps its messages in locales/<language>/<feature>.json; a key defined twice is a mistake. */
export function readCatalogue(dir: string): Messages {
  const messages: Messages = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const entries = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Messages;
    for (const [key, value] of Object.entries(entries)) {
      if (key in messages) throw new Error(`Message "${key}" is defined twice (again in ${path.join(dir, file)})`);
      messages[key] = value;
    }
  }
  return messages;
}

const localesDir = path.resolve(__dirname, '..', '..', 'locales');
const catalogues: Record<Locale, Messages> = { nb: readCatalogue(path.join(localesDir, 'nb')), en: readCatalogue(path.join(localesDir, 'en')) };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function hasMessage(key: string, locale: Locale = DEFAULT_LOCALE): boolean {
  return Object.prototype.hasOwnProperty.call(catalogues[locale], key);
}

export function messageKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}

/**
 * The message for `key` in `locale`, with `{name}` placeholders filled in.
 * Falls back to bokmål, then to the key itself so a missing text shows up plainly.
 */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = catalogues[locale][key] ?? catalogues[DEFAULT_LOCALE][key] ?? key;
  // Most messages have no placeholders; a page asks for a few hundred.
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The language a page is shown in: the person's own setting, then the session's choice, then the browser's. */
export function chooseLocale(input: { userLocale?: string | null; sessionLocale?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.userLocale)) return input.userLocale;
  if (isLocale(input.sessionLocale)) return input.sessionLocale;
  return fromAcceptLanguage(input.acceptLanguage ?? '') ?? DEFAULT_LOCALE;
}

/** Picks the best supported language from an Accept-Language header, honouring q-values. */
export function fromAcceptLanguage(header: string): Locale | undefined {
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((range) => range.tag && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    const primary = tag.split('-')[0];
    // Norwegian in any written form is served in bokmål.
    if (primary === 'nb' || primary === 'no' || primary === 'nn') return 'nb';
    if (primary === 'en') return 'en';
  }
  return undefined;
}

/** A text from a curriculum file: bokmål always, English when written. */
export interface LocalisedText {
  nb: string;
  en?: string;
}

/** The text in the wanted language, and the language it actually is in (for the `lang` attribute). */
export function localise(text: LocalisedText | undefined, locale: Locale): { text: string; lang: Locale } {
  if (!text) return { text: '', lang: locale };
  if (locale === 'en' && text.en) return { text: text.en, lang: 'en' };
  return { text: text.nb, lang: 'nb' };
}
