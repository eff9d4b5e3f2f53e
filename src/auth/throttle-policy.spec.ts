import { ACCOUNT_LIMIT, ADDRESS_LIMIT, afterAttempt, afterSuccess, lockRemaining, mayCheck, ThrottleState } from './throttle-policy';

const MINUTE = 60_000;

function attempts(times: number, start: number, step = 1000, from?: ThrottleState): ThrottleState {
  let state = from;
  for (let i = 0; i < times; i++) state = afterAttempt(state, start + i * step, ACCOUNT_LIMIT);
  return state!;
}

describe('sign-in throttling', () => {
  it('checks five attempts of an account, locks at the fifth for fifteen minutes and checks no sixth', () => {
    const t0 = 1_000_000;
    const four = attempts(4, t0);
    expect(mayCheck(four, ACCOUNT_LIMIT)).toBe(true);
    expect(lockRemaining(four, t0 + 4000)).toBe(0);
    const five = attempts(5, t0);
    expect(mayCheck(five, ACCOUNT_LIMIT)).toBe(true);
    expect(lockRemaining(five, t0 + 4000)).toBe(15 * MINUTE);
    const six = afterAttempt(five, t0 + 5000, ACCOUNT_LIMIT);
    expect(mayCheck(six, ACCOUNT_LIMIT)).toBe(false);
    // Attempts while locked neither lengthen the lock nor start a new window.
    expect(six.lockedUntil).toBe(five.lockedUntil);
    expect(lockRemaining(five, t0 + 4000 + 15 * MINUTE)).toBe(0);
  });

  it('forgets attempts older than the window', () => {
    const t0 = 1_000_000;
    const state = afterAttempt(attempts(4, t0), t0 + 16 * MINUTE, ACCOUNT_LIMIT);
    expect(state).toEqual({ attempts: 1, windowStartedAt: t0 + 16 * MINUTE, lockedUntil: null });
  });

  it('keeps an active lock even when its window has lapsed', () => {
    const t0 = 1_000_000;
    // Locked at the fifth attempt, four minutes into the window: the lock lasts until 19 minutes.
    const locked = attempts(5, t0, MINUTE);
    const later = afterAttempt(locked, t0 + 16 * MINUTE, ACCOUNT_LIMIT);
    expect(mayCheck(later, ACCOUNT_LIMIT)).toBe(false);
    expect(later.lockedUntil).toBe(t0 + 19 * MINUTE);
  });

  it('starts counting afresh once a lock has run out', () => {
    const t0 = 1_000_000;
    const afterLock = afterAttempt(attempts(5, t0), t0 + 20 * MINUTE, ACCOUNT_LIMIT);
    expect(afterLock).toEqual({ attempts: 1, windowStartedAt: t0 + 20 * MINUTE, lockedUntil: null });
  });

  it('takes back a successful attempt, and the lock it set, but not a lock that was there before', () => {
    const t0 = 1_000_000;
    let office: ThrottleState | undefined;
    for (let i = 0; i < ADDRESS_LIMIT.attempts; i++) office = afterAttempt(office, t0 + i, ADDRESS_LIMIT);
    expect(lockRemaining(office, t0 + 100)).toBeGreaterThan(0);
    // The twentieth colleague signed in: the address is open again, one attempt short of the limit.
    const back = afterSuccess(office!, ADDRESS_LIMIT);
    expect(back).toMatchObject({ attempts: ADDRESS_LIMIT.attempts - 1, lockedUntil: null });
    const overLimit = afterAttempt(office, t0 + 200, ADDRESS_LIMIT);
    expect(afterSuccess(overLimit, ADDRESS_LIMIT).lockedUntil).toBe(office!.lockedUntil);
  });
});
