import { MIN_PASSWORD_LENGTH } from '../users/passwords';
import { asFieldErrors, checkNewPassword, MAX_PASSWORD_LENGTH } from './password-rules';

describe('the rules for a new password', () => {
  it('takes a password of the minimum length typed the same twice', () => {
    const password = 'x'.repeat(MIN_PASSWORD_LENGTH);
    expect(checkNewPassword(password, password)).toEqual([]);
  });

  it('refuses one a character short, and one longer than anyone types', () => {
    const short = 'x'.repeat(MIN_PASSWORD_LENGTH - 1);
    expect(asFieldErrors(checkNewPassword(short, short))).toEqual({ password: 'accounts.password.error.short' });
    const long = 'x'.repeat(MAX_PASSWORD_LENGTH + 1);
    expect(asFieldErrors(checkNewPassword(long, long))).toEqual({ password: 'accounts.password.error.long' });
  });

  it('says beside the second field when the two differ, also when the first is too short', () => {
    expect(asFieldErrors(checkNewPassword('a long enough password', 'a long enough passwort'))).toEqual({ confirm: 'accounts.password.error.confirm' });
    expect(asFieldErrors(checkNewPassword('short', 'other'))).toEqual({ password: 'accounts.password.error.short', confirm: 'accounts.password.error.confirm' });
  });
});
