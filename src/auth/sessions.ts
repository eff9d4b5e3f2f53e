import { Logger } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Session, SessionData } from 'express-session';
import type { DatabaseSessionStore } from './session-store';

export interface SessionOptions {
  /** The cookie's name. */
  name: string;
  /** Signs the session id in the cookie, so that only ids this server handed out are looked up. */
  secret: string;
  /** Send the cookie over HTTPS only (production, behind a TLS proxy). */
  secure: boolean;
  store: DatabaseSessionStore;
}

/** What one request knows about its session besides the data. */
interface SessionState {
  /** The session's id: read from the cookie, or new (none yet, or after sign-in and sign-out). */
  id: string;
  /** The id the browser sent, if it named a stored session. */
  fromCookie?: string;
  /** The data as last read or written, to tell whether this request changed it. */
  stored: string;
  /** The store holds a row under `id`. */
  saved: boolean;
  destroyed: boolean;
}

const logger = new Logger('Sessions');

/**
 * Each request's session, kept in the database (`DatabaseSessionStore`) under a random id that the browser
 * holds in a signed, HttpOnly, SameSite=Lax cookie without an expiry of its own (it ends with the browser;
 * the idle timeout is kept by the store). `req.session` offers what sign-in and sign-out (`AuthService`),
 * CSRF tokens and one-time messages use: plain data, `regenerate`, `save` and `destroy`.
 *
 * The rules:
 * - A session is written only when a request changed it, before the response ends, so the next request
 *   (say, after a redirect) finds it. An empty new session is never written: no row for a passer-by.
 * - A request that changed nothing only moves the idle timeout on (at most once a minute, see the store).
 * - The cookie is sent only when the browser's id changes: a new session that was written, or a new id
 *   after `regenerate` (sign-in). After `destroy` (sign-out) the browser is told to forget it.
 *
 * It takes the place of express-session, whose general work on every request (cookie and data hashing,
 * rolling expiry) cost about a fifth of a signed-in page's time.
 */
export function sessions(options: SessionOptions): RequestHandler {
  const { name, secret, secure, store } = options;
  const sign = (id: string) => `s:${id}.${createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '')}`;
  // A signed cookie value, once checked, needs no second signature check: remembered, up to a bound. Only
  // values that passed are kept, so made-up cookies can neither fill this nor push real ones out.
  let verified = new Map<string, string>();
  const unsign = (value: string): string | null => {
    const known = verified.get(value);
    if (known !== undefined) return known;
    const id = verify(value, sign);
    if (id !== null) {
      if (verified.size >= 10_000) verified = new Map();
      verified.set(value, id);
    }
    return id;
  };

  return (req: Request, res: Response, next: NextFunction) => {
    const value = cookieValue(req.headers.cookie, name);
    const id = value ? unsign(value) : null;
    if (!id) return begin(req, res, next, {}, fresh());
    store.get(id, (error, data) => {
      if (error) return next(error);
      if (!data) return begin(req, res, next, {}, fresh());
      // Sessions written by express-session carry its cookie settings; they are not needed.
      const { cookie: _formerCookie, ...kept } = data as SessionData & { cookie?: unknown };
      begin(req, res, next, kept, { id, fromCookie: id, stored: JSON.stringify(kept), saved: true, destroyed: false });
    });
  };

  function begin(req: Request, res: Response, next: NextFunction, data: object, state: SessionState): void {
    const session = attach(req, data, state);
    req.sessionID = state.id;

    // Headers: the cookie, when the browser must learn a new id or forget one.
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
      const change = state.destroyed ? (state.fromCookie ? 'forget' : undefined) : state.id !== state.fromCookie && willBeStored(req, state) ? 'set' : undefined;
      if (change && (!secure || req.secure)) res.append('Set-Cookie', change === 'set' ? serialise(name, sign(state.id), secure) : expired(name, secure));
      return writeHead.apply(this, args);
    } as Response['writeHead'];

    // The end: write a changed session first, so the next request finds it; otherwise move the idle timeout on.
    const end = res.end;
    let ending = false;
    res.end = function (this: Response, ...args: unknown[]) {
      const finish = () => (end as (...a: unknown[]) => Response).apply(res, args);
      if (ending || state.destroyed || req.session !== session) return finish();
      ending = true;
      const json = JSON.stringify(session);
      if (json !== state.stored) {
        store.set(state.id, session as unknown as SessionData, (error) => {
          if (error) logger.error(`Could not keep a session: ${String(error)}`);
          else Object.assign(state, { stored: json, saved: true });
          finish();
        });
        return res;
      }
      if (state.fromCookie === state.id) store.touch(state.id, session as unknown as SessionData, (error) => error && logger.warn(`Could not extend a session: ${String(error)}`));
      return finish();
    } as Response['end'];

    next();
  }

  function attach(req: Request, data: object, state: SessionState): Session & Partial<SessionData> {
    req.session = new RequestSession(data, { state, req, store }) as unknown as Session & Partial<SessionData>;
    return req.session;
  }
}

const CONTEXT = Symbol('session context');

interface SessionContext {
  state: SessionState;
  req: Request;
  store: DatabaseSessionStore;
}

/**
 * A request's session: the data as its own fields (what JSON and the store see), the methods on the
 * prototype and what the middleware knows under a symbol, out of sight of both.
 */
class RequestSession {
  [key: string]: unknown;
  private readonly [CONTEXT]: SessionContext;

  constructor(data: object, context: SessionContext) {
    Object.assign(this, data);
    this[CONTEXT] = context;
  }

  get id(): string {
    return this[CONTEXT].state.id;
  }

  /** A new id and no data (sign-in); the stored session it replaces is removed. */
  regenerate(callback: (error?: unknown) => void): this {
    const { state, req, store } = this[CONTEXT];
    const renew = () => {
      for (const key of Object.keys(this)) delete this[key];
      Object.assign(state, fresh(), { fromCookie: state.fromCookie });
      req.sessionID = state.id;
      callback();
    };
    if (state.saved) store.destroy(state.id, (error) => (error ? callback(error) : renew()));
    else renew();
    return this;
  }

  /** Writes the session now. */
  save(callback?: (error?: unknown) => void): this {
    const { state, store } = this[CONTEXT];
    const json = JSON.stringify(this);
    store.set(state.id, this as unknown as SessionData, (error) => {
      if (!error) Object.assign(state, { stored: json, saved: true });
      callback?.(error);
    });
    return this;
  }

  /** Ends the session (sign-out): its row is removed and the browser told to forget the cookie. */
  destroy(callback?: (error?: unknown) => void): this {
    const { state, req, store } = this[CONTEXT];
    state.destroyed = true;
    delete (req as { session?: unknown }).session;
    if (state.saved) store.destroy(state.id, (error) => callback?.(error));
    else callback?.();
    return this;
  }
}

/** A session nobody has stored yet, under a new id. */
function fresh(): SessionState {
  return { id: newId(), stored: '{}', saved: false, destroyed: false };
}

/** Whether the session will be in the store once this response is done: written already, or changed and about to be. */
function willBeStored(req: Request, state: SessionState): boolean {
  return state.saved || (req.session !== undefined && JSON.stringify(req.session) !== '{}');
}

/** 24 random bytes: as hard to guess as express-session's ids, in the same alphabet. */
function newId(): string {
  return randomBytes(24).toString('base64url');
}

/** The session id in a signed cookie value (`s:<id>.<signature>`), or null when it was not signed with this secret. */
function verify(value: string, sign: (id: string) => string): string | null {
  if (!value.startsWith('s:')) return null;
  const dot = value.lastIndexOf('.');
  if (dot < 2) return null;
  const id = value.slice(2, dot);
  const expected = Buffer.from(sign(id));
  const given = Buffer.from(value);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

/** One cookie's value from a Cookie header, decoded; undefined when it is missing or malformed. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const key = `${name}=`;
  let at = header.indexOf(key);
  // The name must start the header or follow a separator, so that "xbrobygger.sid=" does not count.
  while (at > 0 && header[at - 1] !== ';' && header[at - 1] !== ' ') at = header.indexOf(key, at + 1);
  if (at < 0) return undefined;
  const end = header.indexOf(';', at);
  try {
    return decodeURIComponent(header.slice(at + key.length, end < 0 ? undefined : end).trim());
  } catch {
    return undefined;
  }
}

function serialise(name: string, value: string, secure: boolean): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

function expired(name: string, secure: boolean): string {
  return `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
