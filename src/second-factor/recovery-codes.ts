import { randomInt } from 'crypto';
import { purposeMac } from '../common/purpose-mac';

/** How many recovery codes a person gets at a time. */
export const RECOVERY_CODE_COUNT = 10;

/** Letters and digits that cannot be mistaken for one another when copied by hand (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const HALF = 5;

/** Ten new codes, each two groups of five (about 49 bits), as the person is shown them. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const half = () => Array.from({ length: HALF }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: count }, () => `${half()}-${half()}`);
}

/** A code as typed, in any case, with or without its hyphen and spaces; undefined when it cannot be one. */
export function normaliseRecoveryCode(input: string): string | undefined {
  const plain = input.toLowerCase().replace(/[\s-]/g, '');
  return plain.length === HALF * 2 && [...plain].every((c) => ALPHABET.includes(c)) ? plain : undefined;
}

/** The stored form of a code: a MAC keyed for this purpose, bound to its person, never the code itself. */
export function recoveryCodeHash(key: Buffer, owner: number, code: string): string {
  return purposeMac(key, `${owner}:${normaliseRecoveryCode(code) ?? code}`);
}
