import { isRowNumber } from '../common/form-fields';
import { translate, type LocalisedText } from '../i18n/i18n';

/** A page title with a parameter (the cohort's name), in both languages for the layout's `loc`. */
export function titleText(key: string, params: Record<string, unknown>): LocalisedText {
  return { nb: translate('nb', key, params), en: translate('en', key, params) };
}

/** A record id from the address; anything but plain digits is an id that does not exist. */
export function toId(value: string): number {
  return isRowNumber(value) ? Number(value) : NaN;
}
