import { purposeKey } from '../common/purpose-mac';
import { newRecoveryCodes, normaliseRecoveryCode, recoveryCodeHash } from './recovery-codes';

const key = purposeKey('a session secret', 'recovery-code');

describe('recovery codes', () => {
  it('come ten at a time, all different, in two groups of five', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  });

  it('are read in any case, with or without the hyphen and spaces', () => {
    expect(normaliseRecoveryCode(' ABCDE-fghjk ')).toBe('abcdefghjk');
    expect(normaliseRecoveryCode('abcde fghjk')).toBe('abcdefghjk');
    expect(normaliseRecoveryCode('abcdefghjk')).toBe('abcdefghjk');
  });

  it.each(['', 'abcde', 'abcde-fghjk-x', 'abcd0-fghjk', '123456'])('refuse %p as no code at all', (input) => {
    expect(normaliseRecoveryCode(input)).toBeUndefined();
  });

  it('are stored as a keyed hash that names the person, the same however the code was typed', () => {
    const hash = recoveryCodeHash(key, 1, 'abcde-fghjk');
    expect(hash).not.toContain('abcde');
    expect(recoveryCodeHash(key, 1, 'ABCDEFGHJK')).toBe(hash);
    expect(recoveryCodeHash(key, 2, 'abcde-fghjk')).not.toBe(hash);
    expect(recoveryCodeHash(purposeKey('another secret', 'recovery-code'), 1, 'abcde-fghjk')).not.toBe(hash);
  });
});
