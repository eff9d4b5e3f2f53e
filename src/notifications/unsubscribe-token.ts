import { purposeKey, purposeMac, purposeMacMatches } from '../common/purpose-mac';
import { isKind, NotificationKind } from './kinds';

/**
 * The address a mail's one-click unsubscribe goes to carries who and which kinds, and a MAC over both, so
 * nothing is stored and nobody can make one for another person. The MAC key is derived from the session
 * secret for this use alone (common/purpose-mac).
 *
 * Token: `<user id>.<kind>[+<kind>…].<HMAC-SHA256, base64url>`.
 */
export function unsubscribeToken(secret: string, userId: number, kinds: readonly NotificationKind[]): string {
  const payload = `${userId}.${[...new Set(kinds)].sort().join('+')}`;
  return `${payload}.${purposeMac(key(secret), payload)}`;
}

/** Who and which kinds a token names, or null when it was not made by us (or is malformed). */
export function readUnsubscribeToken(secret: string, token: string): { userId: number; kinds: NotificationKind[] } | null {
  const match = /^([1-9]\d{0,15})\.([a-z_]+(?:\+[a-z_]+)*)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, id, kindList, given] = match;
  if (!purposeMacMatches(key(secret), `${id}.${kindList}`, given)) return null;
  const kinds = kindList.split('+');
  if (!kinds.every(isKind)) return null;
  const userId = Number(id);
  return Number.isSafeInteger(userId) ? { userId, kinds: kinds as NotificationKind[] } : null;
}

const key = (secret: string) => purposeKey(secret, 'brobygger:notifications:unsubscribe');
