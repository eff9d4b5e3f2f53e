import { createHash, randomBytes } from 'crypto';

/** A link's secret: 32 random bytes, 43 characters of base64url. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether the text could be a token at all; anything else is not looked up. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}
