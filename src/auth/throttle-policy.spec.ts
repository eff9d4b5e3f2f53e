import { ACCOUNT_LIMIT, afterFailure, lockRemaining, ThrottleState } from './throttle-policy';

const MINUTE = 60_000;

function fail(times: number, start: number, step = 1000): ThrottleState {
  let state: ThrottleState | undefined;
  for (let i = 0; i < times; i++) state = afterFailure(state, start + i * step, ACCOUNT_LIMIT);
  return state!;
}

describe('sign-in throttling', () => {
  it('allows four failures and locks at the fifth for fifteen minutes', () => {
    const t0 = 1_000_000;
    expect(lockRemaining(fail(4, t0), t0 + 4000)).toBe(0);
    const locked = fail(5, t0);
    expect(lockRemaining(locked, t0 + 4000)).toBe(15 * MINUTE);
    expect(lockRemaining(locked, t0 + 4000 + 15 * MINUTE)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const t0 = 1_000_000;
    const state = afterFailure(fail(4, t0), t0 + 16 * MINUTE, ACCOUNT_LIMIT);
    expect(state.failures).toBe(1);
    expect(state.lockedUntil).toBeNull();
  });

  it('starts counting afresh once a lock has run out', () => {
    const t0 = 1_000_000;
    const afterLock = afterFailure(fail(5, t0), t0 + 20 * MINUTE, ACCOUNT_LIMIT);
    expect(afterLock.failures).toBe(1);
    expect(lockRemaining(afterLock, t0 + 20 * MINUTE)).toBe(0);
  });
});
