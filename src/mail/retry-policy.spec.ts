import { afterFailure, FIRST_RETRY_MS, LONGEST_RETRY_MS, MAX_ATTEMPTS, retryDelay } from './retry-policy';

const MINUTE = 60_000;

describe('retry policy', () => {
  it('waits a minute after the first failure and twice as long after each further one', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelay)).toEqual([1, 2, 4, 8, 16, 32, 64].map((m) => m * MINUTE));
    expect(FIRST_RETRY_MS).toBe(MINUTE);
  });

  it('never waits longer than two hours between attempts', () => {
    expect(retryDelay(8)).toBe(LONGEST_RETRY_MS);
    expect(retryDelay(9)).toBe(2 * 60 * MINUTE);
    expect(retryDelay(1000)).toBe(2 * 60 * MINUTE);
  });

  it('tries again later after a passing failure', () => {
    expect(afterFailure(1, false, 1_000)).toEqual({ state: 'pending', nextAttemptAt: 1_000 + MINUTE });
    expect(afterFailure(3, false, 1_000)).toEqual({ state: 'pending', nextAttemptAt: 1_000 + 4 * MINUTE });
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts, having tried for about six hours`, () => {
    expect(afterFailure(MAX_ATTEMPTS - 1, false, 0).state).toBe('pending');
    expect(afterFailure(MAX_ATTEMPTS, false, 0)).toEqual({ state: 'failed', nextAttemptAt: 0 });
    const waited = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelay(i + 1)).reduce((a, b) => a + b, 0);
    expect(waited / (60 * MINUTE)).toBeGreaterThan(5);
    expect(waited / (60 * MINUTE)).toBeLessThan(7);
  });

  it('gives up at once on a permanent refusal', () => {
    expect(afterFailure(1, true, 5)).toEqual({ state: 'failed', nextAttemptAt: 5 });
  });
});
