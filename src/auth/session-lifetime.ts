import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Store } from 'express-session';

declare module 'express-session' {
  interface SessionData {
    locale?: string;
    /** A one-time message for the next page. */
    flash?: object;
    /** When the person signed in (milliseconds since the epoch), for the absolute timeout. */
    signedInAt?: number;
    /** The browser's own description (User-Agent) at sign-in, so that the person can tell their sessions apart. */
    userAgent?: string;
    /** The signed-in person's id, kept by passport. */
    passport?: { user?: number };
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A sign-in lasts at most `limitMs`, however busy the session is kept: after that its next request finds it
 * ended, and it is signed out. A session that names a person but not when they signed in counts as too old.
 */
export function absoluteTimeout(limitMs: number): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const session = req.session;
    if (session?.passport?.user === undefined) return next();
    const at = session.signedInAt;
    if (at !== undefined && Date.now() - at < limitMs) return next();
    session.regenerate((error) => next(error));
  };
}

/**
 * A write whose body took a while to arrive (a hand-in with attachments) may have been sent before a
 * sign-out that finished while it was uploading. Once the body is in, the session must still be in the
 * store and still name the person; otherwise the request goes on as signed out, and is refused as such.
 */
export function stillSignedIn(store: Store): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user || SAFE_METHODS.has(req.method)) return next();
    store.get(req.sessionID, (error, stored) => {
      if (error) return next(error);
      if (stored?.passport?.user === undefined) req.user = undefined;
      next();
    });
  };
}
