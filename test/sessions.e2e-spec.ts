import * as http from 'http';
import type { AddressInfo } from 'net';
import type { Request } from 'express';
import type { SessionData } from 'express-session';
import request from 'supertest';
import { AssignmentSubmission } from '../src/assignments/submission.entity';
import { EXTEND_EVERY_MS, SessionStore } from '../src/auth/session-store';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addMonths, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { PreparedSql } from '../src/database/prepared-sql';
import { ObjectLiteral, Repository } from 'typeorm';
import { Transactions } from '../src/database/transactions';
import { browser, csrfFrom, makeUser, sessionCookie, startTestApp, TestApp } from './support/test-app';

// Sessions against the real database with its migrations (SQLite here, PostgreSQL as well when the test
// command finds it), through the store the server uses and over HTTP.
let t: TestApp;
let store: SessionStore;
const IDLE_MS = 30 * 60_000;

beforeAll(async () => {
  t = await startTestApp();
  store = t.app.get(SessionStore);
});
afterAll(async () => {
  await t.close();
});
afterEach(() => jest.restoreAllMocks());

const call = <T>(fn: (done: (error?: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));

const data = (extra: Partial<SessionData> = {}) => ({ cookie: { originalMaxAge: null, path: '/', httpOnly: true }, ...extra }) as unknown as SessionData;

/** A session as a request holds it after reading it from the store. */
const readBack = async (sid: string) => {
  const stored = await call<SessionData | null>((done) => store.get(sid, done));
  return stored ? store.createSession({ sessionID: sid, sessionStore: store } as unknown as Request, stored) : null;
};

/** The clock the store reads, set by the test. */
function clockAt(ms: number) {
  jest.spyOn(Date, 'now').mockReturnValue(ms);
}

async function row(sid: string): Promise<{ expiredAt: number; destroyed: boolean } | undefined> {
  const rows: { expired_at: string | number; destroyed_at: unknown }[] = await t.dataSource.query(
    `SELECT expired_at, destroyed_at FROM sessions WHERE id = ${t.dataSource.options.type === 'postgres' ? '$1' : '?'}`,
    [sid],
  );
  return rows[0] ? { expiredAt: Number(rows[0].expired_at), destroyed: rows[0].destroyed_at !== null } : undefined;
}

/** The signed-in browser's session id, from its signed cookie (`s:<id>.<signature>`). */
const sessionId = (cookie: string) => /^s:(.+)\.[^.]+$/.exec(decodeURIComponent(cookie.split('=')[1]))![1];

describe('the session store', () => {
  it('gives back what was stored, and nothing for an unknown session', async () => {
    await call((done) => store.set('s-roundtrip', data({ locale: 'en', flash: { key: 'x' } }), done));
    expect(await call<SessionData | null>((done) => store.get('s-roundtrip', done))).toMatchObject({ locale: 'en', flash: { key: 'x' } });
    expect(await call<SessionData | null>((done) => store.get('s-unknown', done))).toBeFalsy();
  });

  it('ends a session after the idle timeout without a request', async () => {
    const start = Date.now();
    clockAt(start);
    await call((done) => store.set('s-idle', data(), done));
    expect((await row('s-idle'))?.expiredAt).toBe(start + IDLE_MS);
    clockAt(start + IDLE_MS - 1000);
    expect(await call<SessionData | null>((done) => store.get('s-idle', done))).toBeTruthy();
    clockAt(start + IDLE_MS);
    expect(await call<SessionData | null>((done) => store.get('s-idle', done))).toBeFalsy();
  });

  it('has marked the session destroyed by the time destroy answers, and gives it back no more', async () => {
    await call((done) => store.set('s-gone', data(), done));
    // A busy database: the write takes a moment, and sign-out must wait for it.
    const softDelete = Repository.prototype.softDelete;
    jest.spyOn(Repository.prototype, 'softDelete').mockImplementation(async function (this: Repository<ObjectLiteral>, ...args) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return softDelete.apply(this, args);
    });
    await call((done) => store.destroy('s-gone', done));
    expect((await row('s-gone'))?.destroyed).toBe(true);
    expect(await call<SessionData | null>((done) => store.get('s-gone', done))).toBeFalsy();
  });

  it('never brings a destroyed session back: not by a late save of it, nor by a save under its id', async () => {
    await call((done) => store.set('s-late', data({ passport: { user: 1 } }), done));
    const inFlight = (await readBack('s-late'))!;
    await call((done) => store.destroy('s-late', done));
    // A request that read the session before sign-out saves it afterwards.
    inFlight.flash = { key: 'late' };
    await call((done) => inFlight.save(done));
    expect(await call<SessionData | null>((done) => store.get('s-late', done))).toBeFalsy();
    // The library's own save of a session under that id finds the destroyed row and leaves it destroyed.
    await call((done) => store.set('s-late', data({ passport: { user: 1 } }), done));
    expect(await call<SessionData | null>((done) => store.get('s-late', done))).toBeFalsy();
    // Once the destroyed row has been removed, the late save still finds nothing to write.
    await store.prune();
    expect(await row('s-late')).toBeUndefined();
    await call((done) => inFlight.save(done));
    expect(await row('s-late')).toBeUndefined();
  });

  it('removes expired and destroyed sessions when pruning, and keeps the others', async () => {
    const start = Date.now();
    clockAt(start - IDLE_MS - 5000);
    await call((done) => store.set('s-old', data(), done));
    clockAt(start);
    await call((done) => store.set('s-young', data(), done));
    await call((done) => store.set('s-ended', data(), done));
    await call((done) => store.destroy('s-ended', done));
    await store.prune(start);
    expect(await row('s-old')).toBeUndefined();
    expect(await row('s-ended')).toBeUndefined();
    expect(await row('s-young')).toEqual({ expiredAt: start + IDLE_MS, destroyed: false });
  });
});

describe('a signed-in browser', () => {
  it('moves the idle timeout on with its requests, writing the expiry at most once a minute', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    const sid = sessionId(sessionCookie(await agent.signIn(user.email))!);
    expect((await agent.get('/')).status).toBe(200);
    const first = (await row(sid))!.expiredAt;
    // A request within the minute reads the session but writes nothing.
    expect((await agent.get('/')).status).toBe(200);
    expect((await row(sid))!.expiredAt).toBe(first);
    // A minute and a bit later the next request moves the timeout on again.
    const later = Date.now() + EXTEND_EVERY_MS + 1_000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      expect((await agent.get('/')).status).toBe(200);
    } finally {
      clock.mockRestore();
    }
    expect((await row(sid))!.expiredAt).toBeGreaterThanOrEqual(later + IDLE_MS);
  });

  it('is signed out at its next request once the sign-in is older than the absolute timeout, however busy', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    const sid = sessionId(sessionCookie(await agent.signIn(user.email))!);
    expect((await agent.get('/')).status).toBe(200);
    const [{ json }]: { json: string }[] = await t.dataSource.query(`SELECT json FROM sessions WHERE id = '${sid}'`);
    const stored = JSON.parse(json) as SessionData;
    expect(stored.signedInAt).toBeGreaterThan(Date.now() - 60_000);
    // Signed in twelve hours and a minute ago (the default limit), and used all along.
    stored.signedInAt = Date.now() - (12 * 60 + 1) * 60_000;
    await t.dataSource.query(`UPDATE sessions SET json = '${JSON.stringify(stored)}' WHERE id = '${sid}'`);
    const next = await agent.get('/');
    expect(next.status).toBe(303);
    expect(next.headers.location).toBe('/login?next=%2F');
    expect((await row(sid))?.destroyed ?? true).toBe(true);
    expect((await agent.get('/')).status).toBe(303);
  });

  it('opens nothing with a made-up, an unsigned or a wrongly signed cookie', async () => {
    const user = await makeUser(t, ['student']);
    const cookie = sessionCookie(await browser(t).signIn(user.email))!.split(';')[0];
    const sid = sessionId(cookie);
    expect((await request(t.http).get('/').set('Cookie', cookie)).status).toBe(200);
    for (const forged of [`brobygger.sid=${sid}`, `brobygger.sid=${encodeURIComponent(`s:${sid}.forged-signature`)}`, `brobygger.sid=${encodeURIComponent('s:made-up.id')}`]) {
      const res = await request(t.http).get('/').set('Cookie', forged);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login?next=%2F');
    }
  });

  it('keeps the language chosen before signing in', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    const csrf = await agent.token();
    expect((await agent.post('/locale').type('form').send({ _csrf: csrf, locale: 'en', next: '/login' })).status).toBe(303);
    const login = await agent.get('/login');
    expect(login.headers['content-language']).toBe('en');
    const signedIn = await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), email: user.email, password: 'a-long-test-password' });
    expect(signedIn.status).toBe(303);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.headers['content-language']).toBe('en');
  });
});

describe('the signed-in person', () => {
  it('comes with every role, sorted, and the organisation', async () => {
    const org = await t.users.createOrganisation('Fjordvik kommune');
    const user = await t.users.create({ email: 'Kari@Example.org', name: 'Kari Nordmann', roles: ['supervisor', 'employer'], organisationId: org.id, locale: 'en' });
    expect(await t.users.sessionUser(user.id)).toEqual({
      id: user.id,
      email: 'kari@example.org',
      name: 'Kari Nordmann',
      locale: 'en',
      roles: ['employer', 'supervisor'],
      organisationId: org.id,
    });
  });

  it('is nobody once the account is deactivated or gone', async () => {
    const user = await makeUser(t, ['student']);
    expect((await t.users.sessionUser(user.id))?.roles).toEqual(['student']);
    await t.dataSource.query(`UPDATE users SET active = ${t.dataSource.options.type === 'postgres' ? 'false' : '0'} WHERE id = ${user.id}`);
    expect(await t.users.sessionUser(user.id)).toBeNull();
    expect(await t.users.sessionUser(999_999)).toBeNull();
  });

  it('is signed out on the next request once the account is deactivated, with the session left for no one', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    await agent.signIn(user.email);
    expect((await agent.get('/')).status).toBe(200);
    await t.dataSource.query(`UPDATE users SET active = ${t.dataSource.options.type === 'postgres' ? 'false' : '0'} WHERE id = ${user.id}`);
    const next = await agent.get('/');
    expect(next.status).toBe(303);
    expect(next.headers.location).toBe('/login?next=%2F');
    // The session no longer names anyone, so re-activating the account does not bring it back.
    await t.dataSource.query(`UPDATE users SET active = ${t.dataSource.options.type === 'postgres' ? 'true' : '1'} WHERE id = ${user.id}`);
    expect((await agent.get('/')).status).toBe(303);
    const rows: { json: string }[] = await t.dataSource.query('SELECT json FROM sessions');
    expect(rows.some((row) => JSON.parse(row.json).passport?.user === user.id)).toBe(false);
  });
});

describe('PreparedSql', () => {
  it('places each named parameter where it belongs, also when one is used twice', async () => {
    const sql = new PreparedSql<{ a: number; b: string }>(
      t.dataSource,
      'SELECT CAST(:b AS VARCHAR(20)) AS first, CAST(:a AS INTEGER) + CAST(:a AS INTEGER) AS doubled, CAST(:b AS VARCHAR(20)) AS again',
    );
    const [row] = await sql.rows<{ first: string; doubled: number | string; again: string }>({ b: 'tekst', a: 21 });
    expect(row.first).toBe('tekst');
    expect(Number(row.doubled)).toBe(42);
    expect(row.again).toBe('tekst');
    // The same statement again with other values: nothing of the first call is kept.
    const [next] = await sql.rows<{ first: string; doubled: number | string }>({ a: 1, b: 'æøå' });
    expect(next.first).toBe('æøå');
    expect(Number(next.doubled)).toBe(2);
  });

  it('runs the text written for the database in use, where the two differ', async () => {
    const sql = new PreparedSql<{ n: number }>(t.dataSource, {
      sqlite: "SELECT 'sqlite' AS db, COUNT(*) AS n FROM json_each('[1,2,3]') WHERE value > CAST(:n AS INTEGER)",
      postgres: "SELECT 'postgres' AS db, COUNT(*) AS n FROM json_array_elements_text(CAST('[1,2,3]' AS json)) WHERE CAST(value AS INTEGER) > CAST(:n AS INTEGER)",
    });
    const [row] = await sql.rows<{ db: string; n: number | string }>({ n: 1 });
    expect(row.db).toBe(t.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite');
    expect(Number(row.n)).toBe(2);
  });

  it('writes inside a transaction, and is undone with it', async () => {
    const insert = new PreparedSql<{ sid: string }>(t.dataSource, "INSERT INTO sessions (id, json, expired_at) VALUES (:sid, '{}', 1)");
    const transactions = t.app.get(Transactions);
    await expect(
      transactions.run(async (manager) => {
        await insert.runIn(manager, { sid: 'undone' });
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    await transactions.run((manager) => insert.runIn(manager, { sid: 'kept' }));
    const rows: { id: string }[] = await t.dataSource.query("SELECT id FROM sessions WHERE id IN ('undone', 'kept')");
    expect(rows.map((row) => row.id)).toEqual(['kept']);
  });
});

describe('signing out while a hand-in is still uploading', () => {
  /** Starts a multipart hand-in with this cookie and sends all but the end of its body; `finish` sends the rest. */
  function startHandIn(port: number, path: string, cookie: string, csrf: string) {
    const boundary = '----brobygger-test-boundary';
    const head = [
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nSkrevet før utloggingen\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="skisse.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
    ].join('');
    const tail = `%%EOF\n\r\n--${boundary}--\r\n`;
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      agent: false,
      headers: { Cookie: cookie, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': Buffer.byteLength(head) + Buffer.byteLength(tail) },
    });
    const response = new Promise<{ status: number; location?: string }>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location }));
      });
      req.on('error', reject);
    });
    req.write(head);
    return { response, finish: () => req.end(tail) };
  }

  it('refuses the hand-in once signed out, and the old cookie stays signed out', async () => {
    const server = t.http as http.Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;

    const mb = t.app.get(CurriculaService).getCurrent('mb-bergen');
    const coordinator = await makeUser(t, ['coordinator']);
    const student = await makeUser(t, ['student']);
    const cohorts = t.app.get(CohortSetupService);
    const cohort = await cohorts.create({ name: 'Utloggingskullet', curriculumVersionId: mb.id, startDate: addMonths(today(), -1), coordinatorIds: [coordinator.id] });
    const enrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: student.id, supervisorIds: [] })).id;

    const agent = browser(t);
    const cookie = sessionCookie(await agent.signIn(student.email))!.split(';')[0];
    const page = await agent.get(`/enrolments/${enrolmentId}/assignment`);
    expect(page.status).toBe(200);
    const csrf = csrfFrom(page.text);

    const handIn = startHandIn(port, `/enrolments/${enrolmentId}/assignment/proposal`, cookie, csrf);
    // The server has read the session and the first parts of the body by now, and waits for the rest.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const out = await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect(out.headers.location).toBe('/login?signedOut=1');
    handIn.finish();
    const answer = await handIn.response;

    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(/^\/login/);
    expect(await t.dataSource.getRepository(AssignmentSubmission).count({ where: { enrolmentId } })).toBe(0);
    const replay = await request(t.http).get('/').set('Cookie', cookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/login?next=%2F');
  });
});
