import request from 'supertest';
import { PasswordResetsService, RESET_ADDRESS_LIMIT, RESET_CLIENT_LIMIT } from '../src/accounts/password-resets.service';
import { browser, csrfFrom, makeUser, mainText, PASSWORD, signedIn, startTestApp, TestApp } from './support/test-app';

// "Forgot password" end to end over HTTP: the same answer for every address, a one-time link valid an hour
// stored as a hash, throttled per address and per client, and a new password that ends every session.

let t: TestApp;
let resets: PasswordResetsService;

beforeAll(async () => {
  t = await startTestApp();
  resets = t.app.get(PasswordResetsService);
});

afterAll(async () => {
  await t.close();
});

// Each test starts from a clean count: the requests below all come from one address.
afterEach(async () => {
  jest.restoreAllMocks();
  await resets.settled();
  await t.dataSource.query('DELETE FROM login_throttle');
});

function query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
  let n = 0;
  return t.dataSource.query(t.dataSource.options.type === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql, params);
}

interface Mail {
  template: string;
  locale: string;
  subject: string;
  text: string;
  html: string;
}

const mailTo = (address: string) => query<Mail>('SELECT template, locale, subject, text, html FROM mail_outbox WHERE to_address = ? ORDER BY id', [address.toLowerCase()]);

function resetLinkIn(mail: Mail): string {
  const match = /https?:\/\/[^/\s]+(\/reset-password\/[A-Za-z0-9_-]{43})\b/.exec(mail.text);
  if (!match) throw new Error(`No reset link in: ${mail.text}`);
  return match[1];
}

/** Asks for a link through the form, as a visitor does. */
async function ask(email: string, agent = browser(t)) {
  const page = await agent.get('/forgot-password');
  return agent.post('/forgot-password').type('form').send({ _csrf: csrfFrom(page.text), email });
}

/** Asks for a link and waits for it to be written; answers the link from the e-mail. */
async function linkFor(email: string): Promise<string> {
  expect((await ask(email)).status).toBe(200);
  await resets.settled();
  const mails = (await mailTo(email)).filter((m) => m.template === 'password-reset');
  return resetLinkIn(mails[mails.length - 1]);
}

/** The page as the visitor reads it, the address they typed taken out. */
const withoutAddress = (html: string, email: string) => mainText(html).replace(email, '<address>');

describe('asking for a new password', () => {
  it('is linked from the sign-in page', async () => {
    const login = await request(t.http).get('/login');
    expect(login.text).toContain('href="/forgot-password"');
    const page = await request(t.http).get('/forgot-password');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<label for="email">E-postadresse<\/label>/);
  });

  it('answers alike for an account, an unknown address and a deactivated account, and mails only the account', async () => {
    const known = await makeUser(t, ['student']);
    const gone = await makeUser(t, ['student']);
    await query(`UPDATE users SET active = ${t.dataSource.options.type === 'postgres' ? 'false' : '0'} WHERE id = ?`, [gone.id]);
    const unknown = 'finnes.ikke@example.test';
    const answers = [await ask(known.email), await ask(unknown), await ask(gone.email)];
    await resets.settled();
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200]);
    expect(withoutAddress(answers[1].text, unknown)).toBe(withoutAddress(answers[0].text, known.email));
    expect(withoutAddress(answers[2].text, gone.email)).toBe(withoutAddress(answers[0].text, known.email));
    expect(mainText(answers[0].text)).toContain(`Hvis det finnes en aktiv konto med adressen ${known.email}`);

    const [mail] = await mailTo(known.email);
    expect(mail).toMatchObject({ template: 'password-reset', locale: 'nb', subject: 'Lenke for å velge nytt passord i Brobygger' });
    expect(mail.text).toContain('virker i én time');
    expect(await mailTo(unknown)).toEqual([]);
    expect(await mailTo(gone.email)).toEqual([]);
    // Only the link's hash is kept.
    const token = resetLinkIn(mail).split('/').pop()!;
    const rows = await query<{ token_hash: string }>('SELECT token_hash FROM password_resets WHERE user_id = ?', [known.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await query('SELECT * FROM password_resets'))).not.toContain(token);
  });

  it('answers before looking the address up, so that the time it takes tells nothing', async () => {
    const user = await makeUser(t, ['student']);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const send = jest.spyOn(resets as unknown as { send: () => Promise<void> }, 'send').mockImplementation(() => held);
    try {
      const res = await ask(user.email);
      expect(res.status).toBe(200);
      // Answered while the lookup and the e-mail were still held back.
      expect(send).toHaveBeenCalledTimes(1);
      expect(await mailTo(user.email)).toEqual([]);
    } finally {
      release();
    }
  });

  it("writes the e-mail in the person's own language", async () => {
    const user = await makeUser(t, ['student'], { locale: 'en' });
    await linkFor(user.email);
    const [mail] = await mailTo(user.email);
    expect(mail).toMatchObject({ locale: 'en', subject: 'Link to choose a new password in Brobygger' });
    expect(mail.text).toContain('The link works once and for one hour');
    expect(mail.html).toContain('<html lang="en">');
  });

  it('shows a malformed address again, with the message beside the field', async () => {
    const res = await ask('ikke-en-adresse');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="email-error">/);
    expect(res.text).toMatch(/aria-describedby=" ?email-error"/);
    expect(res.text).toContain('value="ikke-en-adresse"');
  });
});

describe('a burst of requests', () => {
  it(`mails one address at most ${RESET_ADDRESS_LIMIT.attempts} links, answering every request alike`, async () => {
    const user = await makeUser(t, ['student']);
    const agent = browser(t);
    const csrf = csrfFrom((await agent.get('/forgot-password')).text);
    const answers = await Promise.all(Array.from({ length: 8 }, () => agent.post('/forgot-password').type('form').send({ _csrf: csrf, email: user.email })));
    await resets.settled();
    expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((res) => withoutAddress(res.text, user.email))).size).toBe(1);
    expect(await mailTo(user.email)).toHaveLength(RESET_ADDRESS_LIMIT.attempts);
    // Only the latest link works: each new one replaces the one before.
    expect(await query('SELECT id FROM password_resets WHERE user_id = ? AND used_at IS NULL', [user.id])).toHaveLength(1);
  });

  it(`answers a client asking for more than ${RESET_CLIENT_LIMIT.attempts} addresses to wait, and mails none of the rest`, async () => {
    const people = await Promise.all(Array.from({ length: RESET_CLIENT_LIMIT.attempts + 3 }, () => makeUser(t, ['student'])));
    const agent = browser(t);
    const csrf = csrfFrom((await agent.get('/forgot-password')).text);
    const answers = await Promise.all(people.map((person) => agent.post('/forgot-password').type('form').send({ _csrf: csrf, email: person.email })));
    await resets.settled();
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(RESET_CLIENT_LIMIT.attempts);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    const refused = answers.find((res) => res.status === 429)!;
    expect(mainText(refused.text)).toContain('For mange forespørsler herfra. Prøv igjen om 15 minutter.');
    expect(refused.text).toMatch(/value="[^"]+@example\.test"/);
    let mailed = 0;
    for (const person of people) mailed += (await mailTo(person.email)).length;
    expect(mailed).toBe(RESET_CLIENT_LIMIT.attempts);
    // Signing in is counted apart, and still works from this client.
    await browser(t).signIn(people[0].email);
  });
});

describe('the link in the e-mail', () => {
  it('sets a new password that ends every session of the person, and tells them by e-mail', async () => {
    const user = await makeUser(t, ['student']);
    const laptop = await signedIn(t, user);
    const phone = await signedIn(t, user);
    expect((await laptop.get('/')).status).toBe(200);
    const link = await linkFor(user.email);

    const visitor = browser(t);
    const page = await visitor.get(link);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain(`Velg et nytt passord for ${user.email}.`);
    const bad = await visitor.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: 'for kort', confirm: 'noe annet helt' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="password-error">[\s\S]*Passordet må ha minst 12 tegn\./);
    expect(bad.text).toMatch(/id="confirm-error">[\s\S]*Passordene er ikke like\./);
    expect(bad.text).not.toContain('for kort');
    expect(bad.text).not.toContain('noe annet helt');
    // A refused form leaves the link working and the sessions open.
    expect((await phone.get('/')).status).toBe(200);

    const done = await visitor.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: 'et helt nytt passord', confirm: 'et helt nytt passord' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/login?welcome=1');
    for (const agent of [laptop, phone]) {
      const res = await agent.get('/');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login?next=%2F');
    }
    expect(await query('SELECT id FROM sessions WHERE user_id = ? AND destroyed_at IS NULL', [user.id])).toEqual([]);

    const notice = (await mailTo(user.email)).find((m) => m.template === 'password-changed')!;
    expect(notice.subject).toBe('Passordet ditt i Brobygger er endret');
    expect(notice.text).toContain('Innloggingene dine på andre enheter er avsluttet.');
    expect(notice.text).toContain('/forgot-password');

    await browser(t).signIn(user.email, 'et helt nytt passord');
    const old = browser(t);
    const oldCsrf = await old.token();
    expect((await old.post('/login').type('form').send({ _csrf: oldCsrf, email: user.email, password: PASSWORD })).status).toBe(401);
    // Used once, the link works no more.
    expect((await browser(t).get(link)).status).toBe(404);
    const again = await visitor.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: 'enda et nytt passord', confirm: 'enda et nytt passord' });
    expect(again.status).toBe(404);
  });

  it('works for an hour only, and not once a newer link was asked for', async () => {
    const user = await makeUser(t, ['student']);
    const first = await linkFor(user.email);
    const second = await linkFor(user.email);
    expect((await browser(t).get(first)).status).toBe(404);
    expect((await browser(t).get(second)).status).toBe(200);
    await query('UPDATE password_resets SET expires_at = ? WHERE user_id = ?', [Date.now() - 1, user.id]);
    const expired = await browser(t).get(second);
    expect(expired.status).toBe(404);
    expect(mainText(expired.text)).toContain('Lenken virker ikke');
    expect(expired.text).toContain('href="/forgot-password"');
  });

  it('works no more once the account is deactivated', async () => {
    const user = await makeUser(t, ['student']);
    const link = await linkFor(user.email);
    await query(`UPDATE users SET active = ${t.dataSource.options.type === 'postgres' ? 'false' : '0'} WHERE id = ?`, [user.id]);
    const visitor = browser(t);
    const csrf = await visitor.token();
    expect((await visitor.get(link)).status).toBe(404);
    const res = await visitor.post(link).type('form').send({ _csrf: csrf, password: 'et helt nytt passord', confirm: 'et helt nytt passord' });
    expect(res.status).toBe(404);
  });

  it('is not found when made up', async () => {
    expect((await request(t.http).get(`/reset-password/${'B'.repeat(43)}`)).status).toBe(404);
    expect((await request(t.http).get('/reset-password/x')).status).toBe(404);
  });

  it('lets a person whose sign-in is locked by wrong guesses in again with the new password', async () => {
    const user = await makeUser(t, ['student']);
    const guesser = browser(t);
    const csrf = await guesser.token();
    for (let i = 0; i < 5; i++) await guesser.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: `feil-${i}` });
    expect((await guesser.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: PASSWORD })).status).toBe(429);
    const link = await linkFor(user.email);
    const visitor = browser(t);
    const page = await visitor.get(link);
    await visitor.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: 'et helt nytt passord', confirm: 'et helt nytt passord' });
    await browser(t).signIn(user.email, 'et helt nytt passord');
  });
});
