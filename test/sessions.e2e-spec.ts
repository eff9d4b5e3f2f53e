import { SessionData } from 'express-session';
import { DataSource } from 'typeorm';
import { DatabaseSessionStore, TOUCH_EVERY_MS } from '../src/auth/session-store';
import { PreparedSql } from '../src/database/prepared-sql';
import { makeUser, startTestApp, TestApp } from './support/test-app';

// The statements every signed-in request runs, against the real database with its migrations
// (SQLite here, PostgreSQL as well when the test command finds it).
let t: TestApp;
let store: DatabaseSessionStore;

beforeAll(async () => {
  t = await startTestApp();
  store = new DatabaseSessionStore(t.dataSource);
});
afterAll(async () => {
  store.close();
  await t.close();
});

const call = <T>(fn: (done: (error?: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));

const sessionFor = (expires: number, extra: Partial<SessionData> = {}) =>
  ({ cookie: { expires: new Date(expires), originalMaxAge: 3_600_000 }, ...extra }) as unknown as SessionData;

async function storedExpiry(dataSource: DataSource, sid: string): Promise<number | undefined> {
  const rows = await new PreparedSql<{ sid: string }>(dataSource, 'SELECT expires_at FROM sessions WHERE sid = :sid').rows<{ expires_at: string | number }>({ sid });
  return rows[0] ? Number(rows[0].expires_at) : undefined;
}

describe('the session store', () => {
  it('gives back what was stored, and nothing for an unknown or expired session', async () => {
    const now = Date.now();
    await call((done) => store.set('s-roundtrip', sessionFor(now + 3_600_000, { locale: 'en', flash: { key: 'x' } }), done));
    const back = await call<SessionData | null>((done) => store.get('s-roundtrip', done));
    expect(back).toMatchObject({ locale: 'en', flash: { key: 'x' } });
    expect(await call<SessionData | null>((done) => store.get('s-unknown', done))).toBeNull();

    await call((done) => store.set('s-expired', sessionFor(now - 1000), done));
    expect(await call<SessionData | null>((done) => store.get('s-expired', done))).toBeNull();
  });

  it('writes a later expiry only when it has moved on by a minute or more', async () => {
    const start = Date.now() + 3_600_000;
    await call((done) => store.set('s-touch', sessionFor(start), done));

    await call((done) => store.touch('s-touch', sessionFor(start + TOUCH_EVERY_MS - 1000), done));
    expect(await storedExpiry(t.dataSource, 's-touch')).toBe(start);

    await call((done) => store.touch('s-touch', sessionFor(start + TOUCH_EVERY_MS + 1000), done));
    expect(await storedExpiry(t.dataSource, 's-touch')).toBe(start + TOUCH_EVERY_MS + 1000);
  });

  it('writes the expiry when another process (or an administrator) has changed the row since', async () => {
    const start = Date.now() + 3_600_000;
    await call((done) => store.set('s-other', sessionFor(start), done));
    // Someone else shortens it; this store reads the row again on the next request and then extends it.
    await t.dataSource.query(`UPDATE sessions SET expires_at = ${start - 10 * TOUCH_EVERY_MS} WHERE sid = 's-other'`);
    expect(await call<SessionData | null>((done) => store.get('s-other', done))).not.toBeNull();
    await call((done) => store.touch('s-other', sessionFor(start), done));
    expect(await storedExpiry(t.dataSource, 's-other')).toBe(start);
  });

  it('forgets a destroyed session, and a touch afterwards brings nothing back', async () => {
    await call((done) => store.set('s-gone', sessionFor(Date.now() + 3_600_000), done));
    await call((done) => store.destroy('s-gone', done));
    expect(await call<SessionData | null>((done) => store.get('s-gone', done))).toBeNull();
    await call((done) => store.touch('s-gone', sessionFor(Date.now() + 7_200_000), done));
    expect(await storedExpiry(t.dataSource, 's-gone')).toBeUndefined();
  });

  it('removes expired rows when pruning, and keeps the others', async () => {
    const now = Date.now();
    await call((done) => store.set('s-old', sessionFor(now - 5000), done));
    await call((done) => store.set('s-young', sessionFor(now + 3_600_000), done));
    await store.prune(now);
    expect(await storedExpiry(t.dataSource, 's-old')).toBeUndefined();
    expect(await storedExpiry(t.dataSource, 's-young')).toBe(now + 3_600_000);
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
});
