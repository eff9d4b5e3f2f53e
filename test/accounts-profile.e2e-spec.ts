import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { migrations } from '../src/database/migrations';
import { formFor } from './support/forms';
import { browser, makeUser, mainText, PASSWORD, sessionCookie, signedIn, startTestApp, TestApp, testDatabase } from './support/test-app';

// Every signed-in person's profile over HTTP: name, language, password, and the sessions they are signed in
// with, which they can end from one of them.

let t: TestApp;

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await t.dataSource.query('DELETE FROM login_throttle');
});

function query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
  let n = 0;
  return t.dataSource.query(t.dataSource.options.type === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql, params);
}

/** The session id inside a signed cookie (`s:<id>.<signature>`). */
const sessionId = (res: request.Response) => /^s:(.+)\.[^.]+$/.exec(decodeURIComponent(sessionCookie(res)!.split(';')[0].split('=')[1]))![1];

/** A browser that says what it is, signed in as this person; with the id of its session. */
async function device(user: { email: string }, userAgent: string, password = PASSWORD) {
  const agent = browser(t).set('User-Agent', userAgent) as ReturnType<typeof browser>;
  const sid = sessionId(await agent.signIn(user.email, password));
  return Object.assign(agent, { sid });
}

describe('the profile page', () => {
  it('is there for every role, linked from the header, and sends a visitor to sign in', async () => {
    for (const role of ['student', 'supervisor', 'employer', 'coordinator', 'admin'] as const) {
      const person = await makeUser(t, [role], { name: `Rolle ${role}` });
      const agent = await signedIn(t, person);
      const home = await agent.get('/');
      expect(home.text).toMatch(/<header[\s\S]*href="\/profile"[\s\S]*<\/header>/);
      const page = await agent.get('/profile');
      expect(page.status).toBe(200);
      expect(mainText(page.text)).toContain(person.email);
      expect(page.text).toContain(`value="Rolle ${role}"`);
      expect(page.text).toMatch(/<a href="\/profile" aria-current="page">/);
      // The invitations list is offered where it can be used.
      expect(page.text.includes('href="/invitations"')).toBe(role === 'coordinator' || role === 'admin');
      // Everyone chooses their own notification mail from here.
      expect(page.text).toMatch(/<main[\s\S]*<a href="\/notifications\/settings">Velg hvilke varsler du får på e-post<\/a>/);
    }
    const visitor = await request(t.http).get('/profile');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.location).toBe('/login?next=%2Fprofile');
  });

  it('saves the name and the language, and the pages follow the language chosen', async () => {
    const person = await makeUser(t, ['student'], { name: 'Gammelt Navn' });
    const agent = await signedIn(t, person);
    const page = await agent.get('/profile');
    const form = formFor(page.text, '/profile');
    const res = await agent.post('/profile').type('form').send({ ...form.fields, name: '  Nytt Navn  ', locale: 'en' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/profile');
    const after = await agent.get('/profile');
    expect(after.headers['content-language']).toBe('en');
    expect(mainText(after.text)).toContain('Your changes are saved.');
    expect(after.text).toContain('value="Nytt Navn"');
    expect(after.text).toMatch(/<option value="en" selected>English<\/option>/);
    expect(after.text).toContain('My profile');
    const [row] = await query<{ name: string; locale: string }>('SELECT name, locale FROM users WHERE id = ?', [person.id]);
    expect(row).toEqual({ name: 'Nytt Navn', locale: 'en' });
    // "Same as the browser" clears the choice.
    const back = formFor(after.text, '/profile');
    await agent.post('/profile').type('form').send({ ...back.fields, locale: '' });
    expect((await agent.get('/profile').set('Accept-Language', 'nb')).headers['content-language']).toBe('nb');
    expect((await query<{ locale: string | null }>('SELECT locale FROM users WHERE id = ?', [person.id]))[0].locale).toBeNull();
  });

  it('shows an empty name again with the message beside it, keeping the language chosen, and saves nothing', async () => {
    const person = await makeUser(t, ['student'], { name: 'Beholdt Navn' });
    const agent = await signedIn(t, person);
    const form = formFor((await agent.get('/profile')).text, '/profile');
    const res = await agent.post('/profile').type('form').send({ ...form.fields, name: '   ', locale: 'en' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="name-error">[\s\S]*Skriv inn navnet ditt\./);
    expect(res.text).toMatch(/id="name"[^>]*aria-invalid="true"[^>]*aria-describedby=" ?name-error"/);
    expect(res.text).toMatch(/<option value="en" selected>English<\/option>/);
    // The whole page comes back, the sessions with it.
    expect(mainText(res.text)).toContain('Denne økten');
    expect((await query<{ name: string }>('SELECT name FROM users WHERE id = ?', [person.id]))[0].name).toBe('Beholdt Navn');
    const long = await agent.post('/profile').type('form').send({ ...form.fields, name: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.text).toMatch(/id="name-error">[\s\S]*Navnet kan ha høyst 200 tegn\./);
    expect(long.text).toContain(`value="${'x'.repeat(201)}"`);
  });

  it('answers a save made from a page older than the last change with a conflict, and keeps the change', async () => {
    const person = await makeUser(t, ['student'], { name: 'Første' });
    const agent = await signedIn(t, person);
    const stale = formFor((await agent.get('/profile')).text, '/profile');
    expect((await agent.post('/profile').type('form').send({ ...stale.fields, name: 'Andre fane' })).status).toBe(303);
    expect((await agent.post('/profile').type('form').send({ ...stale.fields, name: 'Første fane' })).status).toBe(409);
    expect((await query<{ name: string }>('SELECT name FROM users WHERE id = ?', [person.id]))[0].name).toBe('Andre fane');
  });

  it("changes only the person's own account, whatever the form says", async () => {
    const person = await makeUser(t, ['student'], { name: 'Meg Selv' });
    const other = await makeUser(t, ['student'], { name: 'Noen Andre' });
    const agent = await signedIn(t, person);
    const form = formFor((await agent.get('/profile')).text, '/profile');
    await agent.post('/profile').type('form').send({ ...form.fields, name: 'Endret', id: String(other.id), userId: String(other.id) });
    expect((await query<{ name: string }>('SELECT name FROM users WHERE id = ?', [other.id]))[0].name).toBe('Noen Andre');
    expect((await query<{ name: string }>('SELECT name FROM users WHERE id = ?', [person.id]))[0].name).toBe('Endret');
  });
});

describe('the sessions on the profile page', () => {
  it('lists where the person is signed in, in plain words, marks this session, and never shows a session id', async () => {
    const person = await makeUser(t, ['supervisor']);
    const laptop = await device(person, FIREFOX_ON_WINDOWS);
    const phone = await device(person, SAFARI_ON_IPHONE);
    const someoneElse = await device(await makeUser(t, ['supervisor']), FIREFOX_ON_WINDOWS);
    const page = await laptop.get('/profile');
    const text = mainText(page.text);
    expect(text).toContain('Firefox på Windows Denne økten');
    expect(text).toContain('Safari på iPhone');
    expect(text).not.toContain('Safari på iPhone Denne økten');
    expect(text.match(/Logget inn/g)).toHaveLength(2);
    for (const sid of [laptop.sid, phone.sid, someoneElse.sid]) expect(page.text).not.toContain(sid);
    const fromPhone = mainText((await phone.get('/profile')).text);
    expect(fromPhone).toContain('Safari på iPhone Denne økten');
    expect(fromPhone).not.toContain('Firefox på Windows Denne økten');
  });

  it('signs out everywhere else at once: the other cookies open nothing, this one stays', async () => {
    const person = await makeUser(t, ['student']);
    const laptop = await device(person, FIREFOX_ON_WINDOWS);
    const phone = await device(person, SAFARI_ON_IPHONE);
    const tablet = await device(person, SAFARI_ON_IPHONE);
    const bystander = await device(await makeUser(t, ['student']), FIREFOX_ON_WINDOWS);
    expect((await phone.get('/')).status).toBe(200);

    const page = await laptop.get('/profile');
    const res = await laptop.post('/profile/sessions/end-others').type('form').send(formFor(page.text, '/profile/sessions/end-others').fields);
    expect(res.status).toBe(303);
    const after = mainText((await laptop.get(res.headers.location)).text);
    expect(after).toContain('Du er logget ut alle andre steder. Innlogginger som ble avsluttet: 2.');
    expect(after).toContain('Du er ikke innlogget noe annet sted.');
    expect(after).not.toContain('Safari på iPhone');
    for (const ended of [phone, tablet]) {
      const next = await ended.get('/');
      expect(next.status).toBe(303);
      expect(next.headers.location).toBe('/login?next=%2F');
    }
    expect((await laptop.get('/')).status).toBe(200);
    expect((await bystander.get('/')).status).toBe(200);
    const open = await query<{ id: string }>('SELECT id FROM sessions WHERE user_id = ? AND destroyed_at IS NULL', [person.id]);
    expect(open.map((row) => row.id)).toEqual([laptop.sid]);
  });

  it('refuses "sign out everywhere else" without the form token, and ends nothing', async () => {
    const person = await makeUser(t, ['student']);
    const laptop = await device(person, FIREFOX_ON_WINDOWS);
    const phone = await device(person, SAFARI_ON_IPHONE);
    expect((await laptop.post('/profile/sessions/end-others').type('form').send({})).status).toBe(403);
    expect((await phone.get('/')).status).toBe(200);
  });
});

describe('changing the password on the profile page', () => {
  it('asks for the current password, with the message beside it and nothing typed shown again', async () => {
    const person = await makeUser(t, ['student']);
    const agent = await signedIn(t, person);
    const form = formFor((await agent.get('/profile')).text, '/profile/password');
    const wrong = await agent.post('/profile/password').type('form').send({ ...form.fields, currentPassword: 'gjettet-feil', password: 'et nytt langt passord', confirm: 'et nytt langt passord' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/id="currentPassword-error">[\s\S]*Passordet du har nå, er ikke riktig\./);
    expect(wrong.text).not.toContain('gjettet-feil');
    expect(wrong.text).not.toContain('et nytt langt passord');
    const short = await agent.post('/profile/password').type('form').send({ ...form.fields, currentPassword: PASSWORD, password: 'kort', confirm: 'kort' });
    expect(short.status).toBe(400);
    expect(short.text).toMatch(/id="password-error">[\s\S]*Passordet må ha minst 12 tegn\./);
    expect(short.text).not.toContain('currentPassword-error');
    const missing = await agent.post('/profile/password').type('form').send({ ...form.fields, currentPassword: '', password: 'et nytt langt passord', confirm: 'et annet langt passord' });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/id="currentPassword-error">[\s\S]*Skriv inn passordet du har nå\./);
    expect(missing.text).toMatch(/id="confirm-error">[\s\S]*Passordene er ikke like\./);
    // Still the old password.
    await browser(t).signIn(person.email, PASSWORD);
  });

  it('sets the new one, ends every other session, keeps this one and tells the person by e-mail', async () => {
    const person = await makeUser(t, ['student'], { locale: 'en' });
    const laptop = await device(person, FIREFOX_ON_WINDOWS);
    const phone = await device(person, SAFARI_ON_IPHONE);
    const form = formFor((await laptop.get('/profile')).text, '/profile/password');
    const res = await laptop.post('/profile/password').type('form').send({ ...form.fields, currentPassword: PASSWORD, password: 'my brand new password', confirm: 'my brand new password' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/profile');
    expect(mainText((await laptop.get('/profile')).text)).toContain('Your password is changed. Sessions ended elsewhere: 1.');
    const ended = await phone.get('/');
    expect(ended.status).toBe(303);
    expect(ended.headers.location).toBe('/login?next=%2F');

    const [notice] = await query<{ template: string; subject: string; text: string }>('SELECT template, subject, text FROM mail_outbox WHERE to_address = ?', [person.email]);
    expect(notice.template).toBe('password-changed');
    expect(notice.subject).toBe('Your Brobygger password was changed');
    expect(notice.text).toContain('If you did not change it, ask for a new password at once');

    await browser(t).signIn(person.email, 'my brand new password');
    const old = browser(t);
    const csrf = await old.token();
    expect((await old.post('/login').type('form').send({ _csrf: csrf, email: person.email, password: PASSWORD })).status).toBe(401);
  });

  it('counts wrong guesses at the current password, and after five refuses even the right one for a while', async () => {
    const person = await makeUser(t, ['student']);
    const agent = await signedIn(t, person);
    const form = formFor((await agent.get('/profile')).text, '/profile/password');
    const attempt = (currentPassword: string) =>
      agent.post('/profile/password').type('form').send({ ...form.fields, currentPassword, password: 'et nytt langt passord', confirm: 'et nytt langt passord' });
    for (let i = 0; i < 5; i++) expect((await attempt(`feil-${i}`)).status).toBe(400);
    const locked = await attempt(PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.text).toMatch(/id="currentPassword-error">[\s\S]*For mange feil forsøk\. Prøv igjen om 15 minutter\./);
    await browser(t).signIn(person.email, PASSWORD);
  });
});

describe('a session in the database', () => {
  it('names its person from the sign-in on, and nobody before it', async () => {
    const person = await makeUser(t, ['student']);
    const agent = browser(t);
    const visitorSid = sessionId(await agent.get('/login'));
    expect((await query<{ user_id: number | null }>('SELECT user_id FROM sessions WHERE id = ?', [visitorSid]))[0].user_id).toBeNull();
    const sid = sessionId(await agent.signIn(person.email));
    expect(Number((await query<{ user_id: number }>('SELECT user_id FROM sessions WHERE id = ?', [sid]))[0].user_id)).toBe(person.id);
  });

  it('is read once by an ordinary page request, which writes nothing to it', async () => {
    const person = await makeUser(t, ['student']);
    const agent = await signedIn(t, person);
    expect((await agent.get('/')).status).toBe(200);
    const spy = jest.spyOn(t.dataSource.logger, 'logQuery');
    for (const path of ['/', '/profile', '/programmes']) {
      spy.mockClear();
      expect((await agent.get(path)).status).toBe(200);
      const onSessions = spy.mock.calls.map(([sql]) => sql).filter((sql) => /\bsessions\b/i.test(sql));
      expect({ path, onSessions: onSessions.length, writes: onSessions.filter((sql) => /^\s*(UPDATE|INSERT|DELETE)/i.test(sql)) }).toEqual({ path, onSessions: path === '/profile' ? 2 : 1, writes: [] });
    }
  });

  it('is given its person by the upgrade, when it was signed in before sessions named them', async () => {
    const { database, drop } = await testDatabase();
    const upgrade = migrations.findIndex((m) => m.name === 'SessionOwners1765420000000');
    const open = async (count: number) => {
      const dataSource = new DataSource({ ...dataSourceOptions(database), migrations: migrations.slice(0, count) });
      await dataSource.initialize();
      return dataSource;
    };
    try {
      const before = await open(upgrade);
      await before.runMigrations({ transaction: 'each' });
      const insert = before.options.type === 'postgres' ? 'INSERT INTO sessions (id, json, expired_at) VALUES ($1, $2, $3)' : 'INSERT INTO sessions (id, json, expired_at) VALUES (?, ?, ?)';
      await before.query(insert, ['signed-in', JSON.stringify({ cookie: {}, passport: { user: 42 }, signedInAt: 1 }), Date.now() + 60_000]);
      await before.query(insert, ['visitor', JSON.stringify({ cookie: {}, locale: 'en' }), Date.now() + 60_000]);
      await before.destroy();
      const after = await open(migrations.length);
      await after.runMigrations({ transaction: 'each' });
      const rows: { id: string; user_id: number | null }[] = await after.query('SELECT id, user_id FROM sessions ORDER BY id');
      await after.destroy();
      expect(rows.map((row) => ({ id: row.id, user_id: row.user_id === null ? null : Number(row.user_id) }))).toEqual([
        { id: 'signed-in', user_id: 42 },
        { id: 'visitor', user_id: null },
      ]);
    } finally {
      await drop();
    }
  });
});
