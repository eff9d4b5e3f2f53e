import { MIN_PASSWORD_LENGTH } from '../users/passwords';

/** The longest password taken: argon2 would hash more, but nobody types it. */
export const MAX_PASSWORD_LENGTH = 1000;

export type PasswordProblem = { field: 'password' | 'confirm'; key: string };

/**
 * The rules every new password meets, wherever it is chosen (an invitation, a reset link, the profile):
 * long enough, not absurdly long, and typed the same twice.
 */
export function checkNewPassword(password: string, confirm: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push({ field: 'password', key: 'accounts.password.error.short' });
  else if (password.length > MAX_PASSWORD_LENGTH) problems.push({ field: 'password', key: 'accounts.password.error.long' });
  if (password !== confirm) problems.push({ field: 'confirm', key: 'accounts.password.error.confirm' });
  return problems;
}

/** The problems as the form partials read them: one message key per field. */
export function asFieldErrors(problems: PasswordProblem[]): Record<string, string> {
  return Object.fromEntries(problems.map((p) => [p.field, p.key]));
}
