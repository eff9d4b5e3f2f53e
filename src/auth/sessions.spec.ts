import { createHmac } from 'crypto';
import express, { Request, Response } from 'express';
import request from 'supertest';
import type { DatabaseSessionStore } from './session-store';
import { sessions } from './sessions';

const SECRET = 'a-session-secret-of-at-least-thirty-two-characters';
const NAME = 'test.sid';

/** The store's interface over a Map, counting what the middleware asks of it; `delayMs` slows every write down. */
class MemoryStore {
  readonly rows = new Map<string, string>();
  readonly calls: string[] = [];
  delayMs = 0;

  get(sid: string, callback: (error?: unknown, value?: object | null) => void) {
    this.calls.push(`get ${sid}`);
    const row = this.rows.get(sid);
    callback(undefined, row ? JSON.parse(row) : null);
  }

  set(sid: string, data: object, callback?: (error?: unknown) => void) {
    this.calls.push(`set ${sid}`);
    setTimeout(() => {
      this.rows.set(sid, JSON.stringify(data));
      callback?.();
    }, this.delayMs);
  }

  touch(sid: string, _data: object, callback?: (error?: unknown) => void) {
    this.calls.push(`touch ${sid}`);
    callback?.();
  }

  destroy(sid: string, callback?: (error?: unknown) => void) {
    this.calls.push(`destroy ${sid}`);
    this.rows.delete(sid);
    callback?.();
  }
}

/** A signed cookie value as express-session and cookie-signature write it: `s:<id>.<base64 HMAC-SHA256 without padding>`. */
const signed = (id: string, secret = SECRET) => `s:${id}.${createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '')}`;
const cookieFor = (id: string, secret = SECRET) => `${NAME}=${encodeURIComponent(signed(id, secret))}`;
const setCookie = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${NAME}=`));
const idIn = (header: string) => decodeURIComponent(header.split(';')[0].slice(NAME.length + 1)).slice(2).split('.')[0];

function app(store: MemoryStore, secure = false) {
  const server = express();
  server.set('trust proxy', 1);
  server.use(sessions({ name: NAME, secret: SECRET, secure, store: store as unknown as DatabaseSessionStore }));
  server.get('/look', (req: Request, res: Response) => res.json({ data: { ...req.session }, id: req.sessionID }));
  server.get('/remember', (req: Request, res: Response) => {
    req.session.locale = String(req.query.locale);
    res.send('ok');
  });
  server.get('/sign-in', (req: Request, res: Response) =>
    req.session.regenerate(() => {
      (req.session as unknown as Record<string, unknown>).passport = { user: 7 };
      req.session.save(() => res.redirect(303, '/look'));
    }),
  );
  server.get('/sign-out', (req: Request, res: Response) => req.session.destroy(() => res.redirect(303, '/look')));
  return server;
}

describe('sessions', () => {
  it('writes nothing and sends no cookie for a request that leaves a new session empty', async () => {
    const store = new MemoryStore();
    const res = await request(app(store)).get('/look');
    expect(res.body.data).toEqual({});
    expect(setCookie(res)).toBeUndefined();
    expect(store.calls).toEqual([]);
  });

  it('keeps a changed session before the response ends and sends a signed browser-session cookie', async () => {
    const store = new MemoryStore();
    store.delayMs = 50;
    const res = await request(app(store)).get('/remember?locale=en');
    // The row is there when the response arrives, so a redirect's next request finds it.
    expect(store.rows.size).toBe(1);
    const cookie = setCookie(res)!;
    expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toMatch(/Expires|Max-Age|Secure/i);
    const id = idIn(cookie);
    expect(cookie.split(';')[0]).toBe(cookieFor(id));
    const next = await request(app(store)).get('/look').set('Cookie', cookieFor(id));
    expect(next.body).toEqual({ data: { locale: 'en' }, id });
  });

  it('only moves the idle timeout on when a request changes nothing, and does not send the cookie again', async () => {
    const store = new MemoryStore();
    store.rows.set('known-id', JSON.stringify({ locale: 'nb' }));
    const res = await request(app(store)).get('/look').set('Cookie', cookieFor('known-id'));
    expect(res.body.data).toEqual({ locale: 'nb' });
    expect(setCookie(res)).toBeUndefined();
    expect(store.calls).toEqual(['get known-id', 'touch known-id']);
  });

  it('writes a known session again when a request changes it, under the same id', async () => {
    const store = new MemoryStore();
    store.rows.set('known-id', JSON.stringify({ locale: 'nb' }));
    const res = await request(app(store)).get('/remember?locale=en').set('Cookie', cookieFor('known-id'));
    expect(setCookie(res)).toBeUndefined();
    expect(store.calls).toEqual(['get known-id', 'set known-id']);
    expect(JSON.parse(store.rows.get('known-id')!)).toEqual({ locale: 'en' });
  });

  it('ignores a cookie signed with another secret, or not signed at all, without asking the store', async () => {
    const store = new MemoryStore();
    store.rows.set('known-id', JSON.stringify({ locale: 'en' }));
    for (const cookie of [cookieFor('known-id', 'another-secret-of-at-least-thirty-two-chars'), `${NAME}=known-id`, `${NAME}=s%3Aknown-id`, `${NAME}=%E0%A4%A`]) {
      const res = await request(app(store)).get('/look').set('Cookie', cookie);
      expect(res.body.data).toEqual({});
      expect(res.body.id).not.toBe('known-id');
    }
    expect(store.calls).toEqual([]);
  });

  it('finds its cookie among others, and not inside another cookie whose name ends the same', async () => {
    const store = new MemoryStore();
    store.rows.set('mine', JSON.stringify({ locale: 'en' }));
    store.rows.set('theirs', JSON.stringify({ locale: 'nb' }));
    const header = `other=1; x${cookieFor('theirs')}; ${cookieFor('mine')}; last=2`;
    expect((await request(app(store)).get('/look').set('Cookie', header)).body).toEqual({ data: { locale: 'en' }, id: 'mine' });
    expect((await request(app(store)).get('/look').set('Cookie', `x${cookieFor('theirs')}`)).body.data).toEqual({});
  });

  it('starts afresh when the cookie names a session that has ended, under a new id', async () => {
    const store = new MemoryStore();
    const res = await request(app(store)).get('/remember?locale=en').set('Cookie', cookieFor('ended-id'));
    const id = idIn(setCookie(res)!);
    expect(id).not.toBe('ended-id');
    expect([...store.rows.keys()]).toEqual([id]);
  });

  it('reads a session written by express-session, leaving out its cookie settings', async () => {
    const store = new MemoryStore();
    store.rows.set('old-id', JSON.stringify({ cookie: { originalMaxAge: null, httpOnly: true, path: '/' }, passport: { user: 3 } }));
    const res = await request(app(store)).get('/look').set('Cookie', cookieFor('old-id'));
    expect(res.body.data).toEqual({ passport: { user: 3 } });
  });

  it('gives a new id at sign-in, removes the session it replaces and tells the browser', async () => {
    const store = new MemoryStore();
    store.rows.set('before-id', JSON.stringify({ csrfToken: 'abc' }));
    const res = await request(app(store)).get('/sign-in').set('Cookie', cookieFor('before-id'));
    const id = idIn(setCookie(res)!);
    expect(id).not.toBe('before-id');
    expect(store.rows.has('before-id')).toBe(false);
    expect(JSON.parse(store.rows.get(id)!)).toEqual({ passport: { user: 7 } });
    // The old cookie opens nothing any more.
    expect((await request(app(store)).get('/look').set('Cookie', cookieFor('before-id'))).body.data).toEqual({});
  });

  it('ends the session at sign-out: the row is removed and the browser told to forget the cookie', async () => {
    const store = new MemoryStore();
    store.rows.set('signed-in', JSON.stringify({ passport: { user: 7 } }));
    const res = await request(app(store)).get('/sign-out').set('Cookie', cookieFor('signed-in'));
    expect(store.rows.has('signed-in')).toBe(false);
    expect(setCookie(res)).toBe(`${NAME}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`);
  });

  it('sends a secure cookie only over HTTPS (behind the proxy that says so), and keeps the session either way', async () => {
    const store = new MemoryStore();
    const plain = await request(app(store, true)).get('/remember?locale=en');
    expect(setCookie(plain)).toBeUndefined();
    const secure = await request(app(store, true)).get('/remember?locale=en').set('X-Forwarded-Proto', 'https');
    expect(setCookie(secure)).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    expect(store.rows.size).toBe(2);
  });
});
