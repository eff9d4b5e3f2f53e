export interface ThrottleLimit {
  /** Sign-in attempts whose password is checked within the window; the one that reaches it locks the key. */
  attempts: number;
  windowMs: number;
  lockMs: number;
}

/** One key's count as stored: attempts in the current window, and the lock if the limit was reached. */
export interface ThrottleState {
  attempts: number;
  windowStartedAt: number;
  lockedUntil: number | null;
}

const MINUTE = 60_000;

/** One account may try 5 times in 15 minutes; one address 20 times (it may serve a whole office). */
export const ACCOUNT_LIMIT: ThrottleLimit = { attempts: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
export const ADDRESS_LIMIT: ThrottleLimit = { attempts: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** The two keys an attempt is counted under: the account (as typed, normalised) and the address it came from. */
export function throttleKeys(email: string, address: string | undefined): { key: string; limit: ThrottleLimit }[] {
  return [
    { key: `email:${email.trim().toLowerCase()}`, limit: ACCOUNT_LIMIT },
    { key: `ip:${address ?? 'unknown'}`, limit: ADDRESS_LIMIT },
  ];
}

/**
 * The state after one more attempt, counted BEFORE its password is checked. A new window starts when the
 * old one has lapsed without a lock, or when the lock has run out; an active lock is kept; the attempt that
 * reaches the limit sets the lock. LoginThrottleRepository runs this same rule as one SQL statement.
 */
export function afterAttempt(state: ThrottleState | null | undefined, now: number, limit: ThrottleLimit): ThrottleState {
  if (state && state.lockedUntil !== null && state.lockedUntil > now) {
    return { attempts: state.attempts + 1, windowStartedAt: state.windowStartedAt, lockedUntil: state.lockedUntil };
  }
  const fresh = !state || (state.lockedUntil === null ? state.windowStartedAt <= now - limit.windowMs : state.lockedUntil <= now);
  const attempts = fresh ? 1 : state.attempts + 1;
  return { attempts, windowStartedAt: fresh ? now : state.windowStartedAt, lockedUntil: attempts >= limit.attempts ? now + limit.lockMs : null };
}

/**
 * Whether an attempt, once counted, may have its password checked: only while the count is within the
 * limit. A lock is set only at the limit, so an attempt counted after a lock is always over it.
 */
export function mayCheck(state: ThrottleState, limit: ThrottleLimit): boolean {
  return state.attempts <= limit.attempts;
}

/** A successful sign-in takes back its own attempt; a lock that attempt set goes with it. */
export function afterSuccess(state: ThrottleState, limit: ThrottleLimit): ThrottleState {
  const attempts = Math.max(0, state.attempts - 1);
  return { ...state, attempts, lockedUntil: attempts < limit.attempts ? null : state.lockedUntil };
}

/** Milliseconds until the key may try again; 0 when it may try now. */
export function lockRemaining(state: Pick<ThrottleState, 'lockedUntil'> | null | undefined, now: number): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil - now);
}
