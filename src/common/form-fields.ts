import { Transform } from 'class-transformer';

/** Trims a text field; other values pass through for the validators to judge. */
export const Trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A field that may come once or several times (checkboxes) arrives as a string or a list: always a list here. */
export const AsList = () => Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]));
