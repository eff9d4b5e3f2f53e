import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('the unsubscribe token', () => {
  it('names the person and the kinds it was made for', () => {
    const token = unsubscribeToken(SECRET, 42, ['entries_returned']);
    expect(token).toMatch(/^42\.entries_returned\.[A-Za-z0-9_-]{43}$/);
    expect(readUnsubscribeToken(SECRET, token)).toEqual({ userId: 42, kinds: ['entries_returned'] });
  });

  it('names several kinds in one order, however they were given', () => {
    const token = unsubscribeToken(SECRET, 7, ['waiting_entries', 'entries_approved', 'waiting_entries']);
    expect(token).toBe(unsubscribeToken(SECRET, 7, ['entries_approved', 'waiting_entries']));
    expect(readUnsubscribeToken(SECRET, token)).toEqual({ userId: 7, kinds: ['entries_approved', 'waiting_entries'] });
  });

  it('is the same every time: nothing is stored', () => {
    expect(unsubscribeToken(SECRET, 42, ['new_hand_in'])).toBe(unsubscribeToken(SECRET, 42, ['new_hand_in']));
  });

  it('cannot be moved to another person or another kind', () => {
    const token = unsubscribeToken(SECRET, 42, ['entries_returned']);
    const mac = token.split('.')[2];
    expect(readUnsubscribeToken(SECRET, `43.entries_returned.${mac}`)).toBeNull();
    expect(readUnsubscribeToken(SECRET, `42.entries_approved.${mac}`)).toBeNull();
    expect(readUnsubscribeToken(SECRET, `42.entries_returned+entries_approved.${mac}`)).toBeNull();
  });

  it('is refused when made with another secret, changed, or malformed', () => {
    const token = unsubscribeToken(SECRET, 42, ['entries_returned']);
    expect(readUnsubscribeToken('another-secret-of-thirty-two-characters!', token)).toBeNull();
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'AB' : 'AA');
    expect(readUnsubscribeToken(SECRET, flipped)).toBeNull();
    for (const bad of ['', '42', '42.entries_returned', `042.entries_returned.${token.split('.')[2]}`, `${token}x`, '42.no_such_kind.' + 'A'.repeat(43)]) {
      expect(readUnsubscribeToken(SECRET, bad)).toBeNull();
    }
  });

  it('is refused for a kind that does not exist, even with a valid MAC', () => {
    expect(readUnsubscribeToken(SECRET, unsubscribeToken(SECRET, 1, ['no_such_kind' as never]))).toBeNull();
  });
});
