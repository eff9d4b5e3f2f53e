import { generate } from 'otplib';
import { browser, csrfFrom, makeUser, mainText, PASSWORD, sessionCookie, signedIn, startTestApp, TestApp } from './support/test-app';
import type { Role } from '../src/common/roles';

// The second factor over HTTP: enrolment with a QR code and a first code, the code asked after the password,
// refusals (wrong, replayed, too many), recovery codes, turning it off, an administrator's reset, and with
// REQUIRE_SECOND_FACTOR on, those who sign off led to enrolment before any other page. Codes are made here
// with otplib from the secret the enrolment page shows, as a person's app would make them.

let t: TestApp;

type Agent = ReturnType<typeof browser>;

function query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
  let n = 0;
  return t.dataSource.query(t.dataSource.options.type === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql, params);
}

/** The secret as the enrolment page shows it, its groups of four joined again. */
const secretFrom = (html: string) => /<code[^>]*data-secret[^>]*>([^<]+)<\/code>/.exec(html)![1].replace(/\s/g, '');
const recoveryCodesFrom = (html: string) => [...html.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);

/** The app's code `steps` periods from now: sign-ins after enrolment use later steps, since a step is taken once. */
const codeFor = (secret: string, steps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
/** A code that is certainly not the app's: the right one with its first digit changed. */
const wrongCode = async (secret: string) => {
  const right = await codeFor(secret);
  return `${(Number(right[0]) + 5) % 10}${right.slice(1)}`;
};

async function post(agent: Agent, page: string, action: string, fields: Record<string, string>) {
  const form = await agent.get(page);
  return agent.post(action).type('form').send({ _csrf: csrfFrom(form.text), ...fields });
}

/** Turns the second factor on from a session that may reach the enrolment page; answers the secret and the recovery codes. */
async function enrol(agent: Agent) {
  const page = await agent.get('/second-factor/enrol');
  expect(page.status).toBe(200);
  const secret = secretFrom(page.text);
  const res = await agent.post('/second-factor/enrol').type('form').send({ _csrf: csrfFrom(page.text), code: await codeFor(secret) });
  expect(res.status).toBe(200);
  return { secret, codes: recoveryCodesFrom(res.text) };
}

/** A person with the factor on, enrolled from a session of their own that is then left behind. */
async function enrolled(roles: Role[] = ['supervisor']) {
  const user = await makeUser(t, roles);
  const { secret, codes } = await enrol(await signedIn(t, user));
  return { user, secret, codes };
}

const code = (agent: Agent, value: string, next?: string) => post(agent, '/login/second-factor', '/login/second-factor', { code: value, ...(next ? { next } : {}) });
const recoveryCode = (agent: Agent, value: string) => post(agent, '/login/second-factor/recovery', '/login/second-factor/recovery', { code: value });

async function auditOf(userId: number) {
  const rows = await query<{ kind: string; actor_id: number | null; detail: string | null }>('SELECT kind, actor_id, detail FROM audit_events WHERE subject_id = ? ORDER BY id', [userId]);
  return rows.map((row) => ({ kind: row.kind, actor: row.actor_id === null ? null : Number(row.actor_id), detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null }));
}

const kinds = async (userId: number) => (await auditOf(userId)).map((e) => e.kind);

describe('with REQUIRE_SECOND_FACTOR off (the default outside production)', () => {
  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(async () => {
    await t.dataSource.query('DELETE FROM login_throttle');
  });

  describe('enrolment', () => {
    it('shows a QR code drawn as SVG with a text alternative, and the secret as text; the stored secret is encrypted', async () => {
      const user = await makeUser(t, ['student']);
      const agent = await signedIn(t, user);
      const page = await agent.get('/second-factor/enrol');
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<div class="qr" role="img" aria-label="QR-kode for autentiseringsappen[^"]*"><svg aria-hidden="true" focusable="false" xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const secret = secretFrom(page.text);
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      const [row] = await query<{ secret: string; enabled_at: unknown }>('SELECT secret, enabled_at FROM second_factors WHERE user_id = ?', [user.id]);
      expect(row.enabled_at).toBeNull();
      expect(row.secret).not.toContain(secret);
      expect(row.secret).toMatch(/^v1\./);
      // The page shown again keeps the same secret, so a code from the app already set up still fits.
      expect(secretFrom((await agent.get('/second-factor/enrol')).text)).toBe(secret);
    });

    it('refuses a wrong first code beside the field, with the same QR code and secret, and does not turn it on', async () => {
      const user = await makeUser(t, ['student']);
      const agent = await signedIn(t, user);
      const page = await agent.get('/second-factor/enrol');
      const secret = secretFrom(page.text);
      const res = await agent.post('/second-factor/enrol').type('form').send({ _csrf: csrfFrom(page.text), code: await wrongCode(secret) });
      expect(res.status).toBe(400);
      expect(res.text).toContain('id="code-error"');
      expect(res.text).toMatch(/<input id="code" name="code" type="text"[^>]*aria-invalid="true"/);
      expect(mainText(res.text)).toContain('Koden stemmer ikke');
      expect(secretFrom(res.text)).toBe(secret);
      expect(res.text).toContain('<svg');
      const empty = await agent.post('/second-factor/enrol').type('form').send({ _csrf: csrfFrom(res.text), code: '' });
      expect(empty.status).toBe(400);
      expect(mainText(empty.text)).toContain('Skriv inn koden appen viser');
      expect(await query('SELECT user_id FROM second_factors WHERE user_id = ? AND enabled_at IS NOT NULL', [user.id])).toEqual([]);
      expect(await kinds(user.id)).not.toContain('second_factor_enabled');
    });

    it('turns it on with the right code, shows ten recovery codes once and keeps only their hashes', async () => {
      const user = await makeUser(t, ['student']);
      const agent = await signedIn(t, user);
      const other = await signedIn(t, user);
      const { codes } = await enrol(agent);
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      const stored = await query<{ code_hash: string; used_at: unknown }>('SELECT code_hash, used_at FROM recovery_codes WHERE user_id = ?', [user.id]);
      expect(stored).toHaveLength(10);
      const dump = JSON.stringify(stored);
      for (const c of codes) expect(dump).not.toContain(c.replace('-', ''));
      expect(await query('SELECT user_id FROM second_factors WHERE user_id = ? AND enabled_at IS NOT NULL', [user.id])).toHaveLength(1);
      expect(await kinds(user.id)).toContain('second_factor_enabled');
      // Shown once: the profile says how many are left, never the codes.
      const profile = await agent.get('/profile');
      expect(mainText(profile.text)).toContain('Tofaktorinnlogging er på');
      for (const c of codes) expect(profile.text).not.toContain(c);
      // The other session was opened without the factor: it is signed out.
      expect((await other.get('/profile')).headers.location).toBe('/login?next=%2Fprofile');
      // Once on, the enrolment page sends the person back to the profile.
      expect((await agent.get('/second-factor/enrol')).headers.location).toBe('/profile');
    });
  });

  describe('signing in with the factor on', () => {
    it('asks for the code after the password, before any other page, and lets in with the right one under a new session id', async () => {
      const { user, secret } = await enrolled();
      const agent = browser(t);
      const signIn = await agent.signIn(user.email, PASSWORD, '/programmes');
      expect(signIn.headers.location).toBe('/programmes');
      for (const path of ['/programmes', '/', '/profile', '/supervision', '/notifications']) {
        const res = await agent.get(path);
        expect([path, res.status, res.headers.location]).toEqual([path, 303, `/login/second-factor?next=${encodeURIComponent(path)}`]);
      }
      // Writes are refused too, and sent to the code.
      const profilePost = await agent.post('/profile/calendar').type('form').send({ _csrf: csrfFrom((await agent.get('/login/second-factor')).text) });
      expect([profilePost.status, profilePost.headers.location]).toEqual([303, '/login/second-factor?next=%2F']);

      const page = await agent.get('/login/second-factor?next=%2Fprogrammes');
      expect(page.status).toBe(200);
      expect(page.text).toContain('autocomplete="one-time-code"');
      expect(page.text).toContain('inputmode="numeric"');
      expect(page.text).not.toContain('class="site-nav"');
      const res = await agent.post('/login/second-factor').type('form').send({ _csrf: csrfFrom(page.text), code: await codeFor(secret, 1), next: '/programmes' });
      expect([res.status, res.headers.location]).toEqual([303, '/programmes']);
      expect(sessionCookie(res)).toBeDefined();
      expect((await agent.get('/profile')).status).toBe(200);
      expect((await agent.get('/login/second-factor')).headers.location).toBe('/');
      const events = await auditOf(user.id);
      expect(events.map((e) => e.kind).slice(-2)).toEqual(['sign_in', 'second_factor_passed']);
      expect(events.at(-1)).toEqual({ kind: 'second_factor_passed', actor: user.id, detail: { method: 'code' } });
    });

    it('refuses a wrong code beside the field, and a code already used, even from another browser', async () => {
      const { user, secret } = await enrolled();
      const agent = await signedIn(t, user);
      const wrong = await code(agent, await wrongCode(secret));
      expect(wrong.status).toBe(401);
      expect(wrong.text).toMatch(/<input id="code" name="code" type="text"[^>]*aria-invalid="true"/);
      expect(mainText(wrong.text)).toContain('Koden stemmer ikke');
      // The enrolment took the code of now: it is not accepted a second time.
      const replayed = await code(agent, await codeFor(secret));
      expect(replayed.status).toBe(401);
      expect(mainText(replayed.text)).toContain('Denne koden er allerede brukt');
      const next = await codeFor(secret, 1);
      expect((await code(agent, next)).status).toBe(303);
      const elsewhere = await signedIn(t, user);
      const again = await code(elsewhere, next);
      expect(again.status).toBe(401);
      expect(mainText(again.text)).toContain('allerede brukt');
      expect((await elsewhere.get('/')).headers.location).toBe('/login/second-factor?next=%2F');
      const failed = (await auditOf(user.id)).filter((e) => e.kind === 'second_factor_failed');
      expect(failed.map((e) => e.detail)).toEqual([
        { method: 'code', replayed: false, throttled: false },
        { method: 'code', replayed: true, throttled: false },
        { method: 'code', replayed: true, throttled: false },
      ]);
    });

    it('locks the code after five wrong tries, as passwords are, so that even the right code waits', async () => {
      const { user, secret } = await enrolled();
      const agent = await signedIn(t, user);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await code(agent, await wrongCode(secret))).status);
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      const right = await code(agent, await codeFor(secret, 1));
      expect(right.status).toBe(429);
      expect(mainText(right.text)).toContain('For mange feil forsøk. Prøv igjen om 15 minutter.');
      expect((await agent.get('/')).status).toBe(303);
      expect((await auditOf(user.id)).filter((e) => e.kind === 'second_factor_failed' && e.detail?.throttled)).toHaveLength(2);
    });

    it('signs in with a recovery code once, saying how many are left, and never with the same code again', async () => {
      const { user, codes } = await enrolled();
      const first = await signedIn(t, user);
      const page = await first.get('/login/second-factor/recovery');
      expect(page.status).toBe(200);
      const used = await recoveryCode(first, codes[0].toUpperCase().replace('-', ' '));
      expect(used.status).toBe(200);
      expect(mainText(used.text)).toContain('Ubrukte reservekoder igjen: 9.');
      expect((await first.get('/profile')).status).toBe(200);

      const second = await signedIn(t, user);
      const again = await recoveryCode(second, codes[0]);
      expect(again.status).toBe(401);
      expect(mainText(again.text)).toContain('Reservekoden stemmer ikke, eller den er allerede brukt.');
      expect((await second.get('/')).status).toBe(303);
      const another = await recoveryCode(second, codes[1]);
      expect(mainText(another.text)).toContain('igjen: 8.');
      const events = await auditOf(user.id);
      expect(events.filter((e) => e.kind === 'recovery_code_used').map((e) => e.detail)).toEqual([{ left: 9 }, { left: 8 }]);
      expect(events.filter((e) => e.kind === 'second_factor_failed').map((e) => e.detail)).toEqual([{ method: 'recovery_code', throttled: false }]);
    });

    it('keeps sign-out and the language switch open to a session that has not given its code', async () => {
      const { user } = await enrolled();
      const agent = await signedIn(t, user);
      const token = csrfFrom((await agent.get('/login/second-factor')).text);
      const locale = await agent.post('/locale').type('form').send({ _csrf: token, locale: 'en', next: '/login/second-factor' });
      expect(locale.status).toBe(303);
      expect(mainText((await agent.get('/login/second-factor')).text)).toContain('Enter your one-time code');
      const out = await agent.post('/logout').type('form').send({ _csrf: csrfFrom((await agent.get('/login/second-factor')).text) });
      expect(out.headers.location).toBe('/login?signedOut=1');
      expect((await agent.get('/login/second-factor')).headers.location).toBe('/login?next=%2Flogin%2Fsecond-factor');
    });
  });

  it('lets someone without a factor in with the password alone, and their first page after it is the one asked for', async () => {
    const user = await makeUser(t, ['supervisor']);
    const agent = await signedIn(t, user);
    expect((await agent.get('/')).status).toBe(200);
    expect((await agent.get('/login/second-factor?next=%2Fprofile')).headers.location).toBe('/profile');
    expect((await agent.get('/login/second-factor/recovery')).headers.location).toBe('/');
    expect((await agent.get('/second-factor/enrol')).status).toBe(200);
  });

  describe('on the profile page', () => {
    it('has a section that offers to turn the factor on, and once on, new recovery codes and turning it off', async () => {
      const user = await makeUser(t, ['student']);
      const agent = await signedIn(t, user);
      const before = await agent.get('/profile');
      expect(before.text).toContain('href="/second-factor/enrol"');
      await enrol(agent);
      const after = await agent.get('/profile');
      expect(after.text).toContain('action="/second-factor/recovery-codes"');
      expect(after.text).toContain('href="/second-factor/disable"');
      expect(mainText(after.text)).toContain('Ubrukte reservekoder 10');
    });

    it('makes new recovery codes, shown once, and the old ones stop working', async () => {
      const { user, codes } = await enrolled(['student']);
      const agent = await signedIn(t, user);
      await recoveryCode(agent, codes[0]);
      const renewed = await post(agent, '/profile', '/second-factor/recovery-codes', {});
      expect(renewed.status).toBe(200);
      const fresh = recoveryCodesFrom(renewed.text);
      expect(fresh).toHaveLength(10);
      expect(fresh).not.toContain(codes[1]);
      expect(await kinds(user.id)).toContain('recovery_codes_renewed');
      const next = await signedIn(t, user);
      expect((await recoveryCode(next, codes[1])).status).toBe(401);
      expect((await recoveryCode(next, fresh[0])).status).toBe(200);
    });

    it('turns the factor off given the password, refusing a wrong one or none beside the field', async () => {
      const { user, codes } = await enrolled(['student']);
      const agent = await signedIn(t, user);
      await recoveryCode(agent, codes[0]);
      const page = await agent.get('/second-factor/disable');
      expect(page.status).toBe(200);
      const none = await agent.post('/second-factor/disable').type('form').send({ _csrf: csrfFrom(page.text), password: '', code: '' });
      expect(none.status).toBe(400);
      expect(mainText(none.text)).toContain('Skriv inn passordet ditt eller en kode fra appen.');
      const wrong = await agent.post('/second-factor/disable').type('form').send({ _csrf: csrfFrom(page.text), password: 'not the password', code: '' });
      expect(wrong.status).toBe(401);
      expect(wrong.text).toMatch(/<input id="password" name="password" type="password"[^>]*aria-invalid="true"/);
      expect(wrong.text).not.toContain('not the password');
      const right = await agent.post('/second-factor/disable').type('form').send({ _csrf: csrfFrom(page.text), password: PASSWORD, code: '' });
      expect([right.status, right.headers.location]).toEqual([303, '/profile']);
      expect(mainText((await agent.get('/profile')).text)).toContain('Tofaktorinnlogging er slått av.');
      expect(await query('SELECT user_id FROM second_factors WHERE user_id = ?', [user.id])).toEqual([]);
      expect(await query('SELECT id FROM recovery_codes WHERE user_id = ?', [user.id])).toEqual([]);
      expect(await kinds(user.id)).toContain('second_factor_disabled');
      const next = await signedIn(t, user);
      expect((await next.get('/')).status).toBe(200);
    });

    it('turns the factor off given a current code, but not one already used', async () => {
      const { user, secret, codes } = await enrolled(['student']);
      const agent = await signedIn(t, user);
      await recoveryCode(agent, codes[0]);
      const used = await post(agent, '/second-factor/disable', '/second-factor/disable', { password: '', code: await codeFor(secret) });
      expect(used.status).toBe(401);
      expect(mainText(used.text)).toContain('allerede brukt');
      const right = await post(agent, '/second-factor/disable', '/second-factor/disable', { password: '', code: await codeFor(secret, 1) });
      expect(right.headers.location).toBe('/profile');
      expect(await query('SELECT user_id FROM second_factors WHERE user_id = ?', [user.id])).toEqual([]);
    });

    it('is not reached by a session that has only given the password', async () => {
      const { user } = await enrolled(['student']);
      const agent = await signedIn(t, user);
      expect((await agent.get('/second-factor/disable')).headers.location).toBe('/login/second-factor?next=%2Fsecond-factor%2Fdisable');
      const token = csrfFrom((await agent.get('/login/second-factor')).text);
      const res = await agent.post('/second-factor/disable').type('form').send({ _csrf: token, password: PASSWORD, code: '' });
      expect(res.headers.location).toBe('/login/second-factor?next=%2F');
      const renew = await agent.post('/second-factor/recovery-codes').type('form').send({ _csrf: token });
      expect(renew.headers.location).toBe('/login/second-factor?next=%2F');
      // Nor can it enrol a factor of its own over the one it has.
      expect((await agent.get('/second-factor/enrol')).status).toBe(200);
      expect(await query('SELECT user_id FROM second_factors WHERE user_id = ? AND enabled_at IS NOT NULL', [user.id])).toHaveLength(1);
    });
  });

  describe('an administrator', () => {
    it('resets a person’s factor from the people pages, ending their sessions, and it is audited', async () => {
      const admin = await makeUser(t, ['admin']);
      const { user, secret } = await enrolled(['supervisor']);
      const theirs = await signedIn(t, user);
      await code(theirs, await codeFor(secret, 1));
      expect((await theirs.get('/')).status).toBe(200);

      const agent = await signedIn(t, admin);
      expect((await agent.get(`/people/${user.id}`)).text).toContain(`href="/people/${user.id}/second-factor"`);
      const page = await agent.get(`/people/${user.id}/second-factor`);
      expect(page.status).toBe(200);
      expect(mainText(page.text)).toContain('Ubrukte reservekoder 10');
      const reset = await agent.post(`/people/${user.id}/second-factor/reset`).type('form').send({ _csrf: csrfFrom(page.text) });
      expect(reset.headers.location).toBe(`/people/${user.id}/second-factor`);
      expect(mainText((await agent.get(reset.headers.location)).text)).toContain('Tofaktorinnloggingen er nullstilt.');
      expect(await query('SELECT user_id FROM second_factors WHERE user_id = ?', [user.id])).toEqual([]);
      expect((await theirs.get('/')).headers.location).toBe('/login?next=%2F');
      // Two sessions ended: this one, and the one the person enrolled in.
      const event = (await auditOf(user.id)).filter((e) => e.kind === 'second_factor_disabled');
      expect(event).toEqual([{ kind: 'second_factor_disabled', actor: admin.id, detail: { reset: true, sessionsEnded: 2 } }]);
      // Without a factor (and not required to have one here), the password alone signs in.
      expect((await (await signedIn(t, user)).get('/')).status).toBe(200);
    });

    it('is the only one who may: for anyone else the page does not exist, nor does an unknown person', async () => {
      const { user } = await enrolled(['student']);
      const coordinator = await signedIn(t, await makeUser(t, ['coordinator']));
      expect((await coordinator.get(`/people/${user.id}/second-factor`)).status).toBe(404);
      const token = csrfFrom((await coordinator.get('/profile')).text);
      expect((await coordinator.post(`/people/${user.id}/second-factor/reset`).type('form').send({ _csrf: token })).status).toBe(404);
      expect(await query('SELECT user_id FROM second_factors WHERE user_id = ?', [user.id])).toHaveLength(1);
      const admin = await signedIn(t, await makeUser(t, ['admin']));
      expect((await admin.get('/people/999999/second-factor')).status).toBe(404);
      expect((await admin.get('/people/abc/second-factor')).status).toBe(404);
    });
  });

  it('sends a visitor who is not signed in from the second-factor pages to sign in', async () => {
    const agent = browser(t);
    expect((await agent.get('/login/second-factor')).headers.location).toBe('/login?next=%2Flogin%2Fsecond-factor');
    expect((await agent.get('/second-factor/enrol')).headers.location).toBe('/login?next=%2Fsecond-factor%2Fenrol');
  });
});

describe('with REQUIRE_SECOND_FACTOR on', () => {
  beforeAll(async () => {
    t = await startTestApp({ env: { REQUIRE_SECOND_FACTOR: 'on' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it.each<Role>(['supervisor', 'coordinator', 'admin'])('leads a %s without a factor to enrolment right after the password, and to no other page until enrolled', async (role) => {
    const user = await makeUser(t, [role]);
    const agent = browser(t);
    await agent.signIn(user.email);
    const first = await agent.get('/');
    expect(first.headers.location).toBe('/login/second-factor?next=%2F');
    expect((await agent.get(first.headers.location)).headers.location).toBe('/second-factor/enrol');
    for (const path of ['/profile', '/programmes', '/notifications', '/cohorts', '/people', '/supervision', '/second-factor/disable']) {
      const res = await agent.get(path);
      expect([path, res.status, res.headers.location]).toEqual([path, 303, `/login/second-factor?next=${encodeURIComponent(path)}`]);
    }
    const page = await agent.get('/second-factor/enrol');
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain('Derfor må du bruke tofaktorinnlogging');
    expect(page.text).not.toContain('class="site-nav"');
    expect(page.text).not.toContain('href="/profile"');
    const token = csrfFrom(page.text);
    expect((await agent.post('/profile/calendar').type('form').send({ _csrf: token })).headers.location).toBe('/login/second-factor?next=%2F');

    const secret = secretFrom(page.text);
    const wrong = await agent.post('/second-factor/enrol').type('form').send({ _csrf: token, code: await wrongCode(secret) });
    expect(wrong.status).toBe(400);
    expect((await agent.get('/')).status).toBe(303);
    const done = await agent.post('/second-factor/enrol').type('form').send({ _csrf: token, code: await codeFor(secret) });
    expect(done.status).toBe(200);
    expect(recoveryCodesFrom(done.text)).toHaveLength(10);
    // Enrolling gave the factor for this sign-in, under a new session id.
    expect(sessionCookie(done)).toBeDefined();
    expect((await agent.get('/')).status).toBe(200);
    expect((await agent.get('/profile')).status).toBe(200);
    expect((await kinds(user.id)).slice(-3)).toEqual(['sign_in', 'second_factor_enabled', 'second_factor_passed']);

    // The next sign-in asks for the code.
    const next = await signedIn(t, user);
    expect((await next.get('/')).headers.location).toBe('/login/second-factor?next=%2F');
    expect((await next.get('/login/second-factor')).status).toBe(200);
  });

  it('does not ask a student, nor an employer, for a second factor', async () => {
    for (const role of ['student', 'employer'] as Role[]) {
      const agent = await signedIn(t, await makeUser(t, [role]));
      expect((await agent.get('/')).status).toBe(200);
      expect((await agent.get('/profile')).status).toBe(200);
    }
  });

  it('refuses to turn off the factor of a supervisor, who must have one', async () => {
    const { user, secret } = await enrolled(['supervisor']);
    const agent = await signedIn(t, user);
    await code(agent, await codeFor(secret, 1));
    const page = await agent.get('/second-factor/disable');
    expect(mainText(page.text)).toContain('må derfor ha tofaktorinnlogging');
    expect(page.text).not.toContain('action="/second-factor/disable"');
    const profile = await agent.get('/profile');
    expect(profile.text).not.toContain('href="/second-factor/disable"');
    const res = await agent.post('/second-factor/disable').type('form').send({ _csrf: csrfFrom(profile.text), password: PASSWORD, code: '' });
    expect(res.status).toBe(403);
    expect(await query('SELECT user_id FROM second_factors WHERE user_id = ? AND enabled_at IS NOT NULL', [user.id])).toHaveLength(1);
    expect(await kinds(user.id)).not.toContain('second_factor_disabled');
  });

  it('leads a supervisor whose factor an administrator reset to enrol again at the next sign-in', async () => {
    const { user } = await enrolled(['supervisor']);
    const admin = await makeUser(t, ['admin']);
    const adminAgent = browser(t);
    await adminAgent.signIn(admin.email);
    await enrol(adminAgent);
    await post(adminAgent, `/people/${user.id}/second-factor`, `/people/${user.id}/second-factor/reset`, {});
    const agent = await signedIn(t, user);
    expect((await agent.get('/login/second-factor')).headers.location).toBe('/second-factor/enrol');
  });
});
