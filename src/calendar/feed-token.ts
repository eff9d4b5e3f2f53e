import { purposeKey, purposeMac, purposeMacMatches } from '../common/purpose-mac';

// A feed address is read by calendar programs that cannot sign in, so the address itself is the credential.
// Nothing secret is stored: the address is a MAC of the person's id and the generation of their address,
// which renewing moves on, so that every older address stops matching.

/** What the key is for, so that it can never match a MAC made with the session secret for anything else. */
const PURPOSE = 'brobygger:calendar-feed:v1';

/** A token as it stands in the address: the person's id, a dash, and the MAC (SHA-256, base64url, 43 characters). */
const TOKEN = /^([1-9]\d{0,9})-([A-Za-z0-9_-]{43})$/;

/** The key feed addresses are made with, derived from the session secret. */
export function feedKey(sessionSecret: string): Buffer {
  return purposeKey(sessionSecret, PURPOSE);
}

/** The token for a person's address at this generation. */
export function feedToken(key: Buffer, userId: number, generation: number): string {
  return `${userId}-${purposeMac(key, `${userId}:${generation}`)}`;
}

/** The token in the last part of a feed's address (`<token>.ics`): whose it claims to be and its MAC; null for anything else. */
export function readFeedFile(file: string): { userId: number; mac: string } | null {
  const match = file.endsWith('.ics') ? TOKEN.exec(file.slice(0, -4)) : null;
  return match ? { userId: Number(match[1]), mac: match[2] } : null;
}

/** Whether the MAC is the one of this person's current generation; compared in constant time. */
export function feedMacMatches(key: Buffer, userId: number, generation: number, given: string): boolean {
  return purposeMacMatches(key, `${userId}:${generation}`, given);
}
