import { batchDue, GATHER_MS, joins, LONGEST_WAIT_MS, QUIET_MS } from './batching';

const T = 1_800_000_000_000;
const MINUTE = 60_000;

describe('a batch of notifications to mail at once', () => {
  it('waits while events keep coming, and goes out after a quiet while', () => {
    expect(batchDue({ firstAt: T, lastAt: T }, T)).toBe(false);
    expect(batchDue({ firstAt: T, lastAt: T }, T + QUIET_MS - 1)).toBe(false);
    expect(batchDue({ firstAt: T, lastAt: T }, T + QUIET_MS)).toBe(true);
  });

  it('gathers returns made one after another within a few minutes into one message', () => {
    // Returns at 0, 4 and 8 minutes: nothing is due before 13 minutes, then all three go together.
    const batch = { firstAt: T, lastAt: T + 8 * MINUTE };
    expect(batchDue(batch, T + 5 * MINUTE)).toBe(false);
    expect(batchDue(batch, T + 12 * MINUTE)).toBe(false);
    expect(batchDue(batch, T + 13 * MINUTE)).toBe(true);
  });

  it('never waits longer than the longest wait, however steady the stream', () => {
    expect(batchDue({ firstAt: T, lastAt: T + LONGEST_WAIT_MS - MINUTE }, T + LONGEST_WAIT_MS - 1)).toBe(false);
    expect(batchDue({ firstAt: T, lastAt: T + LONGEST_WAIT_MS - MINUTE }, T + LONGEST_WAIT_MS)).toBe(true);
  });
});

describe('an event joining a row of the list', () => {
  const row = { lastEventAt: T, readAt: null, mailed: false };

  it('joins an unread, unmailed row about the same thing within the gathering time', () => {
    expect(joins(row, T + GATHER_MS - 1)).toBe(true);
    expect(joins(row, T + GATHER_MS)).toBe(false);
  });

  it('starts a row of its own once the person has read the row or its mail has gone', () => {
    expect(joins({ ...row, readAt: T + 1 }, T + 2)).toBe(false);
    expect(joins({ ...row, mailed: true }, T + 2)).toBe(false);
  });
});
