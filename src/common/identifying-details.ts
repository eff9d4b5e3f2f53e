/**
 * Practice entries must never identify the people a student met. Names cannot be
 * detected, but three things can: a Norwegian national identity number (11 digits
 * whose two control digits check out), a Norwegian phone number and an e-mail address.
 */

const ID_WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const ID_WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function controlDigit(digits: number[], weights: number[]): number | undefined {
  const sum = weights.reduce((total, weight, i) => total + weight * digits[i], 0);
  const digit = 11 - (sum % 11);
  if (digit === 11) return 0;
  return digit === 10 ? undefined : digit;
}

/** True for 11 digits whose control digits are right (fødselsnummer and D-numbers alike). */
export function isNationalIdentityNumber(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const k1 = controlDigit(digits, ID_WEIGHTS_1);
  if (k1 === undefined || k1 !== digits[9]) return false;
  const k2 = controlDigit(digits, ID_WEIGHTS_2);
  return k2 !== undefined && k2 === digits[10];
}

// 11 digits, optionally written 6 + 5 with a space, not part of a longer number.
const ID_CANDIDATE = /(?<![\d])(\d{6}) ?(\d{5})(?![\d])/g;
// Eight digits starting with 2–9, written together or grouped 3-2-3 or 2-2-2-2, optionally after +47 or 0047.
const PHONE = /(?<![\d\w+])(?:(?:\+|00)47 ?)?(?:[2-9]\d{7}|[2-9]\d{2} \d{2} \d{3}|[2-9]\d \d{2} \d{2} \d{2})(?![\d\w])/;

// Something@domain.tld, as people write addresses in running text; a bare "@" or a handle is left alone.
const EMAIL = /[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.\p{L}{2,}/u;

export type IdentifyingDetail = 'nationalId' | 'phone' | 'email';

/** The first kind of identifying detail found in the text, if any. */
export function findIdentifyingDetail(text: string): IdentifyingDetail | undefined {
  for (const match of text.matchAll(ID_CANDIDATE)) {
    if (isNationalIdentityNumber(match[1] + match[2])) return 'nationalId';
  }
  if (PHONE.test(text)) return 'phone';
  return EMAIL.test(text) ? 'email' : undefined;
}
