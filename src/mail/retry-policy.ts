/** Attempts before a message is given up on: with the waits below, about six hours of trying. */
export const MAX_ATTEMPTS = 10;
/** The wait after the first failed attempt; each further failure doubles it. */
export const FIRST_RETRY_MS = 60_000;
/** The longest wait between two attempts. */
export const LONGEST_RETRY_MS = 2 * 3_600_000;

/** How long to wait after the `attempts`-th failed attempt: 1, 2, 4 … minutes, at most two hours. */
export function retryDelay(attempts: number): number {
  const doublings = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** doublings);
}

export interface AfterFailure {
  state: 'pending' | 'failed';
  nextAttemptAt: number;
}

/**
 * What follows a failed attempt: another one later, or none. A permanent refusal (the SMTP server answered
 * 5xx: no such mailbox, relaying refused) would be refused again, so it fails at once.
 */
export function afterFailure(attempts: number, permanent: boolean, now: number): AfterFailure {
  if (permanent || attempts >= MAX_ATTEMPTS) return { state: 'failed', nextAttemptAt: now };
  return { state: 'pending', nextAttemptAt: now + retryDelay(attempts) };
}
