/**
 * CSV the way Norwegian spreadsheets open it without an import dialogue: UTF-8 with a byte order mark
 * (so æ, ø and å survive), semicolons between values (the comma is the decimal sign), CRLF line ends.
 */

const BOM = '\uFEFF';
const SEPARATOR = ';';

/** A value that a spreadsheet would read as a formula is made plain text with a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvValue(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: a header row, then one row per record. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): Buffer {
  const lines = [header, ...rows].map((row) => row.map(csvValue).join(SEPARATOR));
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}
