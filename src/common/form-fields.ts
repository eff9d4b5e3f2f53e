import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/**
 * The message for input none of our pages sends: a field sent twice, a list or an object where one
 * value belongs, a hidden field changed by hand. The person can only reload the page and try again.
 */
export const MALFORMED = 'validation.malformed';

/** Trims a text field; other values pass through for the validators to judge. */
export const Trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A field that may come once or several times (checkboxes) arrives as a string or a list: always a list here. */
export const AsList = () => Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]));

/** Rows are numbered from 1, in columns whose largest value is PostgreSQL's integer (2^31 - 1). */
const LARGEST_ROW_NUMBER = 2_147_483_647;

/** A row's id or version as text: digits only, from 1 up to what the column holds. */
export function isRowNumber(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= LARGEST_ROW_NUMBER;
}

/**
 * The version of a record as the edit page showed it (a hidden field), which the save compares with the
 * stored one. Required: without it no change could be told from a change made meanwhile.
 */
export const RecordVersion = () =>
  ValidateBy({ name: 'recordVersion', validator: { validate: (value: unknown) => isRowNumber(value), defaultMessage: () => MALFORMED } });
