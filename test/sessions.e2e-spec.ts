import * as http from 'http';
import type { AddressInfo } from 'net';
import type { SessionData } from 'express-session';
import { AssignmentSubmission } from '../src/assignments/submission.entity';
import { CohortsService } from '../src/cohorts/cohorts.service';
import { addMonths, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { DataSource } from 'typeorm';
import { DatabaseSessionStore, TOUCH_EVERY_MS } from '../src/auth/session-store';
import { PreparedSql } from '../src/database/prepared-sql';
import { Transactions } from '../src/database/transactions';
import request from 'supertest';
import { browser, csrfFrom, makeUser, sessionCookie, startTestApp, TestApp } from './support/test-app';

// The statements every signed-in request runs, against the real database with its migrations
// (SQLite here, PostgreSQL as well when the test command finds it).
let t: TestApp;
let store: DatabaseSessionStore;
const IDLE_MS = 30 * 60_000;

beforeAll(async () => {
  t = await startTestApp();
  store = new DatabaseSessionStore(t.dataSource, IDLE_MS);
});
afterAll(async () => {
  store.close();
  await t.close();
});
afterEach(() => jest.restoreAllMocks());

const call = <T>(fn: (done: (error?: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));

const session = (extra: Partial<SessionData> = {}) => ({ cookie: { originalMaxAge: null }, ...extra }) as unknown as SessionData;

/** The clock the store reads, set by the test. */
function clockAt(ms: number) {
  jest.spyOn(Date, 'now').mockReturnValue(ms);
}

async function storedExpiry(dataSource: DataSource, sid: string): Promise<number | undefined> {
  const rows = await new PreparedSql<{ sid: string }>(dataSource, 'SELECT expires_at FROM sessions WHERE sid = :sid').rows<{ expires_at: string | number }>({ sid });
  return rows[0] ? Number(rows[0].expires_at) : undefined;
}

describe('the session store', () => {
  it('gives back what was stored, and nothing for an unknown session', async () => {
    await call((done) => store.set('s-roundtrip', session({ locale: 'en', flash: { key: 'x' } }), done));
    const back = await call<SessionData | null>((done) => store.get('s-roundtrip', done));
    expect(back).toMatchObject({ locale: 'en', flash: { key: 'x' } });
    expect(await call<SessionData | null>((done) => store.get('s-unknown', done))).toBeNull();
  });

  it('ends a session after the idle timeout without a request', async () => {
    const start = Date.now();
    clockAt(start);
    await call((done) => store.set('s-idle', session(), done));
    expect(await storedExpiry(t.dataSource, 's-idle')).toBe(start + IDLE_MS);
    clockAt(start + IDLE_MS - 1000);
    expect(await call<SessionData | null>((done) => store.get('s-idle', done))).not.toBeNull();
    clockAt(start + IDLE_MS);
    expect(await call<SessionData | null>((done) => store.get('s-idle', done))).toBeNull();
  });

  it('moves the timeout on with each request, writing it at most once a minute', async () => {
    const start = Date.now();
    clockAt(start);
    await call((done) => store.set('s-touch', session(), done));

    clockAt(start + TOUCH_EVERY_MS - 1000);
    await call((done) => store.touch('s-touch', session(), done));
    expect(await storedExpiry(t.dataSource, 's-touch')).toBe(start + IDLE_MS);

    clockAt(start + TOUCH_EVERY_MS + 1000);
    await call((done) => store.touch('s-touch', session(), done));
    expect(await storedExpiry(t.dataSource, 's-touch')).toBe(start + TOUCH_EVERY_MS + 1000 + IDLE_MS);

    // Kept busy, a session outlives its first timeout.
    clockAt(start + IDLE_MS + 1000);
    expect(await call<SessionData | null>((done) => store.get('s-touch', done))).not.toBeNull();
  });

  it('writes the expiry when another process (or an administrator) has changed the row since', async () => {
    const start = Date.now();
    clockAt(start);
    await call((done) => store.set('s-other', session(), done));
    // Someone else shortens it; this store reads the row again on the next request and then extends it.
    await t.dataSource.query(`UPDATE sessions SET expires_at = ${start + 10 * TOUCH_EVERY_MS} WHERE sid = 's-other'`);
    expect(await call<SessionData | null>((done) => store.get('s-other', done))).not.toBeNull();
    await call((done) => store.touch('s-other', session(), done));
    expect(await storedExpiry(t.dataSource, 's-other')).toBe(start + IDLE_MS);
  });

  it('forgets a destroyed session, and a touch afterwards brings nothing back', async () => {
    await call((done) => store.set('s-gone', session(), done));
    await call((done) => store.destroy('s-gone', done));
    expect(await call<SessionData | null>((done) => store.get('s-gone', done))).toBeNull();
    clockAt(Date.now() + 2 * TOUCH_EVERY_MS);
    await call((done) => store.touch('s-gone', session(), done));
    expect(await storedExpiry(t.dataSource, 's-gone')).toBeUndefined();
  });

  it('removes expired rows when pruning, and keeps the others', async () => {
    const start = Date.now();
    clockAt(start - IDLE_MS - 5000);
    await call((done) => store.set('s-old', session(), done));
    clockAt(start);
    await call((done) => store.set('s-young', session(), done));
    await store.prune(start);
    expect(await storedExpiry(t.dataSource, 's-old')).toBeUndefined();
    expect(await storedExpiry(t.dataSource, 's-young')).toBe(start + IDLE_MS);
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
    const rows: { data: string }[] = await t.dataSource.query('SELECT data FROM sessions');
    const signIns = rows.map((row) => JSON.parse(row.data).passport).filter(Boolean);
    expect(signIns).toEqual([{}]);
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
    const insert = new PreparedSql<{ sid: string }>(t.dataSource, "INSERT INTO sessions (sid, data, expires_at) VALUES (:sid, '{}', 1)");
    const transactions = t.app.get(Transactions);
    await expect(
      transactions.run(async (manager) => {
        await insert.runIn(manager, { sid: 'undone' });
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    await transactions.run((manager) => insert.runIn(manager, { sid: 'kept' }));
    const rows: { sid: string }[] = await t.dataSource.query("SELECT sid FROM sessions WHERE sid IN ('undone', 'kept')");
    expect(rows.map((row) => row.sid)).toEqual(['kept']);
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
    const cohorts = t.app.get(CohortsService);
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
