import request from 'supertest';
import fc from 'fast-check';
import { LoginThrottleRepository } from '../src/auth/login-throttle.repository';
import * as passwords from '../src/users/passwords';
import { afterAttempt, afterSuccess, mayCheck, throttleKeys, ThrottleState } from '../src/auth/throttle-policy';
import { browser, csrfFrom, makeUser, mainText, PASSWORD, sessionCookie, startTestApp, TestApp } from './support/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

describe('signing in', () => {
  it('sends a visitor who is not signed in to /login, and back to where they were going afterwards', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    const first = await agent.get('/programmes/mb-bergen');
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/login?next=%2Fprogrammes%2Fmb-bergen');

    const login = await agent.get(first.headers.location);
    expect(login.text).toContain('name="next" value="/programmes/mb-bergen"');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(login.text), email: user.email, password: PASSWORD, next: '/programmes/mb-bergen' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/programmes/mb-bergen');
    const page = await agent.get('/programmes/mb-bergen');
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain('MB Bergen');
  });

  it('gives the browser a new session id at sign-in, in an HttpOnly SameSite cookie', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    const before = sessionCookie(await agent.get('/login'));
    expect(before).toBeDefined();
    const token = csrfFrom((await agent.get('/login')).text);
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: PASSWORD });
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after!.split(';')[0]).not.toBe(before!.split(';')[0]);
    expect(after).toMatch(/HttpOnly/i);
    expect(after).toMatch(/SameSite=Lax/i);
    // A browser-session cookie: closing the browser signs out; the idle timeout is kept on the server.
    expect(after).not.toMatch(/Expires=|Max-Age=/i);
    // Pages after sign-in do not send the cookie again.
    expect(sessionCookie(await agent.get('/'))).toBeUndefined();
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const user = await makeUser(t, ['student'], { email: 'Mixed.Case@Example.test' });
    expect(user.email).toBe('mixed.case@example.test');
    await browser(t).signIn('  MIXED.case@example.TEST ');
  });

  it('refuses a wrong password with a plain message, keeping the email but never the password', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    const token = await agent.token();
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: 'not-the-password' });
    expect(res.status).toBe(401);
    expect(mainText(res.text)).toContain('Feil e-postadresse eller passord');
    expect(res.text).toContain(`value="${user.email}"`);
    expect(res.text).not.toContain('not-the-password');
    expect((await agent.get('/')).status).toBe(303);
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const agent = browser(t);
    const csrf = await agent.token();
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, email: 'nobody@example.test', password: 'whatever-it-is' });
    expect(res.status).toBe(401);
    expect(mainText(res.text)).toContain('Feil e-postadresse eller passord');
  });

  it('shows what is missing beside each field, and the email typed', async () => {
    const agent = browser(t);
    const csrf = await agent.token();
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, email: 'not-an-email', password: '' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<p class="field__error" id="email-error">[\s\S]*Skriv inn en gyldig e-postadresse/);
    expect(res.text).toMatch(/<p class="field__error" id="password-error">[\s\S]*Skriv inn passordet ditt/);
    expect(res.text).toMatch(/id="email"[^>]*value="not-an-email"/);
    expect(res.text).toMatch(/id="email"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('aria-describedby=" email-error"');
    expect(res.text).toMatch(/<title>Feil:/);
  });

  it('slows down guessing: after five failures even the right password is refused for a while', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    const csrf = await agent.token();
    for (let i = 0; i < 4; i++) {
      const res = await agent.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: `wrong-${i}` });
      expect(res.status).toBe(401);
    }
    const fifth = await agent.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: 'wrong-5' });
    expect(fifth.status).toBe(429);
    expect(mainText(fifth.text)).toContain('For mange mislykkede innlogginger. Prøv igjen om 15 minutter.');

    const right = await agent.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: PASSWORD });
    expect(right.status).toBe(429);
    // Another account from elsewhere is not affected.
    const other = await makeUser(t, ['student']);
    await browser(t).signIn(other.email);
  });
});

describe('a burst of sign-in attempts sent at the same moment', () => {
  // Each of these locks this test's address for a while: the next test starts from a clean count.
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.dataSource.query('DELETE FROM login_throttle');
  });

  /**
   * Sends the attempts from one browser as one burst, all in flight together, and counts how many passwords
   * were actually checked. Every password check is held until each attempt has either reached its check or
   * been answered, so none of them finishes (and none is counted as failed) while the burst is under way.
   * The attempts before `right` are sent first; the right password and the rest follow once those have
   * reached the server's decision, so that it is placed where the test says, whatever the scheduling.
   */
  async function burst(attempts: { email: string; password: string }[], right: number) {
    const [verify, verifyNothing] = [passwords.verifyPassword, passwords.verifyAgainstNothing];
    let decided = 0;
    let open = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const safety = setTimeout(() => release(), 10_000);
    const waiting: { count: number; resolve: () => void }[] = [];
    const progress = () => {
      decided += 1;
      for (const waiter of waiting) if (decided >= waiter.count) waiter.resolve();
      if (decided === attempts.length) release();
    };
    const reached = (count: number) => new Promise<void>((resolve) => (decided >= count ? resolve() : waiting.push({ count, resolve })));
    void gate.then(() => (open = true));
    const checks = [
      jest.spyOn(passwords, 'verifyPassword').mockImplementation(async (...args) => (progress(), await gate, verify(...args))),
      jest.spyOn(passwords, 'verifyAgainstNothing').mockImplementation(async (...args) => (progress(), await gate, verifyNothing(...args))),
    ];
    const agent = browser(t);
    const csrf = await agent.token();
    // An answer while the checks are held came without a check.
    const send = (attempt: { email: string; password: string }) =>
      agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrf, ...attempt })
        .then((res) => {
          if (!open) progress();
          return res;
        });
    const first = attempts.slice(0, right).map(send);
    await reached(right);
    const responses = await Promise.all([...first, ...attempts.slice(right).map(send)]);
    clearTimeout(safety);
    return { responses, checked: checks.reduce((sum, spy) => sum + spy.mock.calls.length, 0) };
  }

  it('checks at most five passwords of one account, and refuses the right one placed eleventh', async () => {
    const user = await makeUser(t, ['student']);
    const attempts = Array.from({ length: 40 }, (_, i) => ({ email: user.email, password: i === 10 ? PASSWORD : `wrong-${i}` }));
    const { responses, checked } = await burst(attempts, 10);
    expect(checked).toBeLessThanOrEqual(5);
    expect(responses[10].status).toBe(429);
    expect(responses.every((res) => res.status === 401 || res.status === 429)).toBe(true);
    expect(responses.filter((res) => res.status === 429).length).toBeGreaterThanOrEqual(35);
    // The account stays locked: the right password is refused afterwards as well.
    const after = browser(t);
    const csrf = await after.token();
    const res = await after.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: PASSWORD });
    expect(res.status).toBe(429);
  });

  it('checks at most twenty passwords from one address, and refuses the right one placed twenty-first', async () => {
    const user = await makeUser(t, ['student']);
    const attempts = Array.from({ length: 40 }, (_, i) => (i === 20 ? { email: user.email, password: PASSWORD } : { email: `stranger-${i}@example.test`, password: `wrong-${i}` }));
    const { responses, checked } = await burst(attempts, 20);
    expect(checked).toBeLessThanOrEqual(20);
    expect(responses[20].status).toBe(429);
    expect(responses.filter((res) => res.status === 429).length).toBeGreaterThanOrEqual(20);
  });
});

describe('the attempt count in the database', () => {
  it('follows the throttling rule step by step, for any sequence of attempts and sign-ins', async () => {
    const repository = t.app.get(LoginThrottleRepository);
    // Mostly attempts a few seconds apart (enough to reach the address's limit), now and then a pause past a window or a lock.
    const step = fc.oneof(
      { weight: 8, arbitrary: fc.record({ kind: fc.constant('attempt' as const), after: fc.integer({ min: 0, max: 30_000 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('attempt' as const), after: fc.integer({ min: 0, max: 20 * 60_000 }) }) },
      { weight: 2, arbitrary: fc.constant({ kind: 'signedIn' as const, after: 0 }) },
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 60 }), async (steps) => {
        run += 1;
        const [email, address] = [`model-${run}@example.test`, `10.0.0.${run}`];
        const keys = throttleKeys(email, address);
        const model: (ThrottleState | null)[] = [null, null];
        let now = 1_000_000;
        for (const { kind, after } of steps) {
          now += after;
          if (kind === 'attempt') {
            const counted = await repository.countAttempt(email, address, now);
            keys.forEach(({ limit }, i) => (model[i] = afterAttempt(model[i], now, limit)));
            expect(counted.mayCheck).toBe(keys.every(({ limit }, i) => mayCheck(model[i]!, limit)));
          } else {
            await repository.signedIn(email, address);
            model[0] = null;
            if (model[1]) model[1] = afterSuccess(model[1], keys[1].limit);
          }
          for (const [i, { key }] of keys.entries()) expect(await repository.state(key)).toEqual(model[i]);
        }
      }),
      {
        numRuns: 25,
        // Always among them: an office whose twentieth colleague signs in, and an account locked at its fifth attempt.
        examples: [
          [[...Array.from({ length: 20 }, () => ({ kind: 'attempt' as const, after: 1000 })), { kind: 'signedIn' as const, after: 0 }, { kind: 'attempt' as const, after: 1000 }]],
          [[...Array.from({ length: 7 }, () => ({ kind: 'attempt' as const, after: 60_000 })), { kind: 'attempt' as const, after: 16 * 60_000 }]],
        ],
      },
    );
  });
});

describe('CSRF protection', () => {
  it('refuses a form posted without a token, with a page that explains it', async () => {
    const user = await makeUser(t, ['student']);
    const res = await request(t.http).post('/login').type('form').send({ email: user.email, password: PASSWORD });
    expect(res.status).toBe(403);
    expect(mainText(res.text)).toContain('Skjemaet er utløpt');
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('refuses a token from another session', async () => {
    const user = await makeUser(t, ['student']);
    const stolen = await browser(t).token();
    const agent = browser(t);
    await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ _csrf: stolen, email: user.email, password: PASSWORD });
    expect(res.status).toBe(403);
  });

  it('refuses a signed-in action with a wrong token and keeps the person signed in', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    await agent.signIn(user.email);
    expect((await agent.post('/logout').type('form').send({ _csrf: 'forged' })).status).toBe(403);
    expect((await agent.get('/')).status).toBe(200);
  });
});

describe('signing out and idle sessions', () => {
  it('ends the session on sign-out: the old cookie no longer opens a page', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    const signedIn = await agent.signIn(user.email);
    const oldCookie = sessionCookie(signedIn)!.split(';')[0];
    const home = await agent.get('/');
    const res = await agent.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?signedOut=1');
    // The browser is told to forget the cookie, so nothing of the session stays behind on a shared computer.
    const cleared = ([] as string[]).concat(res.headers['set-cookie'] ?? []).filter((c) => c.startsWith('brobygger.sid='));
    expect(cleared).toEqual(['brobygger.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax']);
    expect(mainText((await agent.get('/login?signedOut=1')).text)).toContain('Du er logget ut');
    const replay = await request(t.http).get('/').set('Cookie', oldCookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/login?next=%2F');
  });

  it('ends a session that has been idle past the timeout', async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    await agent.signIn(user.email);
    expect((await agent.get('/')).status).toBe(200);
    await t.dataSource.query('UPDATE sessions SET expired_at = 0');
    expect((await agent.get('/')).status).toBe(303);
  });

  it('keeps sessions in the database, not in memory', async () => {
    const user = await makeUser(t, ['student']);
    await browser(t).signIn(user.email);
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM sessions WHERE json LIKE $1'.replace('$1', t.dataSource.options.type === 'postgres' ? '$1' : '?'), [`%"user":${user.id}%`]);
    expect(Number(count)).toBe(1);
  });
});
