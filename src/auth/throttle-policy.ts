export interface ThrottleLimit {
  /** Failures allowed within the window before the key is locked. */
  failures: number;
  windowMs: number;
  lockMs: number;
}

export interface ThrottleState {
  failures: number;
  windowStartedAt: number;
  lockedUntil: number | null;
}

const MINUTE = 60_000;

/** One account may fail 5 times in 15 minutes; one address 20 times (it may serve a whole office). */
export const ACCOUNT_LIMIT: ThrottleLimit = { failures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
export const ADDRESS_LIMIT: ThrottleLimit = { failures: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** Milliseconds until the key may try again; 0 when it may try now. */
export function lockRemaining(state: ThrottleState | null | undefined, now: number): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil - now);
}

/** The state after one more failed sign-in: counted in a sliding window, locked when the limit is reached. */
export function afterFailure(state: ThrottleState | null | undefined, now: number, limit: ThrottleLimit): ThrottleState {
  const fresh = !state || now - state.windowStartedAt > limit.windowMs || (state.lockedUntil !== null && state.lockedUntil <= now);
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  return { failures, windowStartedAt, lockedUntil: failures >= limit.failures ? now + limit.lockMs : null };
}
