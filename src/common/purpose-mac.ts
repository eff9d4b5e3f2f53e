import { createHmac, timingSafeEqual } from 'crypto';

/**
 * MACs for addresses that are their own credential (a calendar feed, a mail's unsubscribe link): nothing is
 * stored, and each use has its own key derived from the session secret, so a MAC made for one use never
 * matches in another.
 */
export function purposeKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(purpose).digest();
}

/** The MAC of `payload` under `key`: SHA-256, base64url, 43 characters. */
export function purposeMac(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** Whether `given` is the MAC of `payload`, compared in constant time so that timing tells nothing about it. */
export function purposeMacMatches(key: Buffer, payload: string, given: string): boolean {
  const expected = Buffer.from(purposeMac(key, payload));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
