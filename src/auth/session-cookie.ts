import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'brobygger.sid';

/**
 * The session cookie: script cannot read it, other sites' forms do not send it, HTTPS only in production.
 * It has no expiry of its own: closing the browser ends it, and the timeouts are kept on the server.
 */
export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure };
}
