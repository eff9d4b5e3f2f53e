import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCommand } from '../src/cli/commands';
import { loadConfig } from '../src/config/config';
import { startSmtp } from './support/smtp';
import { browser, makeUser, signedIn, startTestApp, testDatabase } from './support/test-app';

function io(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), stdin: async () => stdin } };
}

describe('npm run cli -- curricula:check', () => {
  it('passes the shipped programmes', async () => {
    const { out, io: streams } = io();
    expect(await runCommand(['curricula:check'], loadConfig({}), streams)).toBe(0);
    expect(out.join('\n')).toMatch(/2 programme\(s\) valid:\n {2}erfaringsskolen: 6 modules/);
  });

  it('lists every problem with file and field, and fails', async () => {
    const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'curricula');
    fs.mkdirSync(path.join(root, 'broken'), { recursive: true });
    fs.writeFileSync(path.join(root, 'broken', 'curriculum.yaml'), 'slug: broken\ntitle: { nb: X }\n');
    const { err, io: streams } = io();
    expect(await runCommand(['curricula:check', root], loadConfig({}), streams)).toBe(1);
    const report = err.join('\n');
    expect(report).toContain('curricula/broken/curriculum.yaml summary: summary should not be null or undefined');
    expect(report).toContain('curricula/broken/curriculum.yaml modules:');
  });
});

describe('npm run cli -- admin:create', () => {
  it('creates an administrator who can sign in, with the password from standard input', async () => {
    const { database, drop } = await testDatabase();
    try {
      const config = { ...loadConfig({ NODE_ENV: 'test' }), database, demo: false };
      const { out, io: streams } = io('a-very-long-admin-password\n');
      expect(await runCommand(['admin:create', '--email', 'Boss@Example.test', '--name', 'Berit Boss', '--password-stdin'], config, streams)).toBe(0);
      expect(out).toEqual(['Administrator boss@example.test created.']);

      const again = io('a-very-long-admin-password\n');
      expect(await runCommand(['admin:create', '--email', 'boss@example.test', '--name', 'B', '--password-stdin'], config, again.io)).toBe(1);
      expect(again.err.join()).toContain('already exists');
    } finally {
      await drop();
    }
  });

  it('refuses a short password and a missing name before touching the database', async () => {
    const { err, io: streams } = io('short\n');
    expect(await runCommand(['admin:create', '--email', 'x@example.test', '--password-stdin'], loadConfig({}), streams)).toBe(1);
    expect(err.join()).toContain('--name must be given');
    expect(err.join()).toContain('at least 12 characters');
  });

  it('lets the new administrator sign in', async () => {
    const t = await startTestApp();
    try {
      const { io: streams } = io('another-long-password\n');
      expect(await runCommand(['admin:create', '--email', 'chief@example.test', '--name', 'Chief', '--password-stdin'], t.config, streams)).toBe(0);
      const agent = browser(t);
      await agent.signIn('chief@example.test', 'another-long-password');
      expect((await agent.get('/')).text).toContain('Installasjonen');
    } finally {
      await t.close();
    }
  });
});

describe('npm run cli -- users:create and users:deactivate', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const run = async (...args: string[]) => {
    const streams = io();
    const code = await runCommand(args, t.config, streams.io);
    return { code, out: streams.out.join('\n'), err: streams.err.join('\n') };
  };
  const sql = (text: string) => (t.dataSource.options.type === 'postgres' ? text.replace(/\?/g, (() => { let n = 0; return () => `$${++n}`; })()) : text);
  const person = async (email: string) => (await t.dataSource.query(sql('SELECT id, name, active, organisation_id FROM users WHERE email = ?'), [email]))[0];
  const roles = async (id: number) => (await t.dataSource.query(sql('SELECT role FROM user_roles WHERE user_id = ? ORDER BY role'), [id])).map((r: { role: string }) => r.role);
  const outbox = (email: string) => t.dataSource.query(sql('SELECT subject, state, text FROM mail_outbox WHERE to_address = ?'), [email]);

  it('creates a person with repeated and comma-separated roles and puts the invitation in the outbox', async () => {
    const result = await run('users:create', '--email', 'Kari@Example.test', '--name', 'Kari Nordmann', '--role', 'supervisor,coordinator', '--role', 'student');
    expect(result).toEqual({ code: 0, out: 'Created kari@example.test (coordinator, student, supervisor). The invitation e-mail is in the outbox and is sent from there.', err: '' });
    const kari = await person('kari@example.test');
    expect(kari.name).toBe('Kari Nordmann');
    expect(await roles(kari.id)).toEqual(['coordinator', 'student', 'supervisor']);
    const [mail] = await outbox('kari@example.test');
    expect(mail).toMatchObject({ subject: 'Du er invitert til Brobygger', state: 'pending' });
    expect(mail.text).toContain('Brobygger har laget en konto til deg');
    // The link in it opens the page where the password is chosen.
    const link = new RegExp(`${t.config.publicUrl}(/invitations/[A-Za-z0-9_-]+)`).exec(mail.text)![1];
    expect((await browser(t).get(link)).status).toBe(200);
  });

  it('puts an employer in the organisation given, and wants one', async () => {
    const organisation = await t.users.createOrganisation('Fjordvik kommune');
    const without = await run('users:create', '--email', 'eva@example.test', '--name', 'Eva Lund', '--role', 'employer');
    expect(without.code).toBe(1);
    expect(without.err).toContain('--organisation: An employer must belong to an organisation.');
    const unknown = await run('users:create', '--email', 'eva@example.test', '--name', 'Eva Lund', '--role', 'employer', '--organisation', '424242');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('--organisation: no organisation has the id "424242"');
    expect(await person('eva@example.test')).toBeUndefined();

    expect((await run('users:create', '--email', 'eva@example.test', '--name', 'Eva Lund', '--role', 'employer', '--organisation', String(organisation.id))).code).toBe(0);
    expect(Number((await person('eva@example.test')).organisation_id)).toBe(organisation.id);
  });

  it('says what is wrong with the input and exits non-zero, making nobody', async () => {
    const cases: [string[], string][] = [
      [['--email', 'x@example.test', '--name', 'X'], '--role must be given'],
      [['--email', 'x@example.test', '--name', 'X', '--role', 'king'], '--role "king" is not a role; choose from student, supervisor, employer, coordinator, admin'],
      [['--email', 'x@example.test', '--name', 'X', '--role'], '--role needs a value'],
      [['--email', 'x@example.test', '--name', 'X', '--role', 'student', '--rolle', 'admin'], 'unknown option "--rolle"'],
      [['--email', 'x@example.test', '--email', 'y@example.test', '--name', 'X', '--role', 'student'], '--email may be given once'],
      [['--email', 'not-an-address', '--name', 'X', '--role', 'student'], '--email: Enter a valid e-mail address'],
      [['--email', 'x@example.test', '--role', 'student'], '--name: Enter the name.'],
      [['--email', 'KARI@example.test', '--name', 'Kari Again', '--role', 'student'], 'An account with the email kari@example.test already exists'],
    ];
    for (const [args, message] of cases) {
      const result = await run('users:create', ...args);
      expect([args.join(' '), result.code, result.err]).toEqual([args.join(' '), 1, expect.stringContaining(message)]);
    }
    expect(await person('x@example.test')).toBeUndefined();
    expect(await person('not-an-address')).toBeUndefined();
    expect(await outbox('x@example.test')).toEqual([]);
  });

  it('deactivates a person, who is then signed out and kept out', async () => {
    const leaving = await makeUser(t, ['student'], { name: 'Lea Leaving', email: 'lea@example.test' });
    const agent = await signedIn(t, leaving);
    expect((await agent.get('/')).status).toBe(200);
    const result = await run('users:deactivate', '--email', 'LEA@example.test');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Deactivated lea@example.test');
    expect((await agent.get('/')).status).toBe(303);
    await expect(signedIn(t, leaving)).rejects.toThrow(/failed with 401/);
    expect((await run('users:deactivate', '--email', 'lea@example.test')).out).toBe('lea@example.test was already deactivated.');
  });

  it('refuses an unknown address, a missing one and the last active administrator', async () => {
    expect(await run('users:deactivate', '--email', 'nobody@example.test')).toMatchObject({ code: 1, err: 'Cannot deactivate: no account has the e-mail address nobody@example.test.' });
    expect(await run('users:deactivate')).toMatchObject({ code: 1, err: expect.stringContaining('--email must be given') });
    expect(await run('users:deactivate', '--name', 'X')).toMatchObject({ code: 1, err: expect.stringContaining('unknown option "--name"') });
    await makeUser(t, ['admin'], { email: 'only.admin@example.test' });
    expect(await run('users:deactivate', '--email', 'only.admin@example.test')).toMatchObject({ code: 1, err: expect.stringContaining('last active administrator') });
    expect((await person('only.admin@example.test')).active).toBeTruthy();
  });

  it('lists both commands in the help', async () => {
    const { out } = await run('help');
    expect(out).toContain('users:create --email E --name N --role R');
    expect(out).toContain('users:deactivate --email E');
  });
});

describe('npm run cli -- mail:test', () => {
  const withSmtp = (url: string) => loadConfig({ SMTP_URL: url, MAIL_FROM: 'Brobygger <no-reply@example.test>', PUBLIC_URL: 'https://brobygger.example.test' });

  it('sends the test message straight through the SMTP server and shows its answer', async () => {
    const smtp = await startSmtp({ user: 'mailer', password: 'mail-secret' });
    try {
      const { out, io: streams } = io();
      expect(await runCommand(['mail:test', '--to', 'ops@example.test'], withSmtp(smtp.url), streams)).toBe(0);
      const mail = await smtp.nextMessage('ops@example.test');
      expect(mail.subject).toBe('Testmelding fra Brobygger');
      expect(mail.text).toContain('e-postoppsettet for https://brobygger.example.test i orden');
      expect(out.join('\n')).toMatch(/^Test message to ops@example\.test accepted by smtp:\/\/mailer:\*\*\*@127\.0\.0\.1:\d+, from Brobygger <no-reply@example\.test>\.\nThe SMTP server answered: 250 /);
      expect(out.join('\n')).not.toContain('mail-secret');

      const english = io();
      expect(await runCommand(['mail:test', '--to', 'ops@example.test', '--locale', 'en'], withSmtp(smtp.url), english.io)).toBe(0);
      expect((await smtp.nextMessage('ops@example.test')).subject).toBe('Test message from Brobygger');
    } finally {
      await smtp.close();
    }
  });

  it("fails with the server's refusal, or with why it could not be reached", async () => {
    const smtp = await startSmtp();
    try {
      smtp.failWith(550);
      const refused = io();
      expect(await runCommand(['mail:test', '--to', 'ops@example.test'], withSmtp(smtp.url), refused.io)).toBe(1);
      expect(refused.err.join('\n')).toMatch(/^Test message to ops@example\.test not sent through smtp:\/\/127\.0\.0\.1:\d+: 550 Mailbox unavailable/);

      const wrongPassword = io();
      const url = smtp.url.replace('smtp://', 'smtp://someone:wrong@');
      expect(await runCommand(['mail:test', '--to', 'ops@example.test'], withSmtp(url), wrongPassword.io)).toBe(1);
    } finally {
      await smtp.close();
    }
    const unreachable = io();
    expect(await runCommand(['mail:test', '--to', 'ops@example.test'], withSmtp(smtp.url), unreachable.io)).toBe(1);
    expect(unreachable.err.join('\n')).toMatch(/ECONNREFUSED/);
  });

  it('says that mail is kept, not sent, without SMTP_URL, and asks for an address', async () => {
    const none = io();
    expect(await runCommand(['mail:test', '--to', 'ops@example.test'], loadConfig({}), none.io)).toBe(1);
    expect(none.err.join('\n')).toMatch(/^Cannot send a test message:\n {2}- SMTP_URL is not set, so mail is kept in the outbox instead of sent/);
    const missing = io();
    expect(await runCommand(['mail:test', '--locale', 'se'], withSmtp('smtp://127.0.0.1:25'), missing.io)).toBe(1);
    expect(missing.err.join('\n')).toBe('Cannot send a test message:\n  - --to must be an e-mail address\n  - --locale must be nb or en');
  });

  it('is listed in the help', async () => {
    const { out, io: streams } = io();
    expect(await runCommand(['help'], loadConfig({}), streams)).toBe(0);
    expect(out.join('\n')).toContain('mail:test --to ADDRESS');
  });
});

describe('npm run cli -- jobs:run', () => {
  it('runs what is due at the time given, once, and says so', async () => {
    const { database, drop } = await testDatabase();
    try {
      const config = { ...loadConfig({ NODE_ENV: 'test' }), database, demo: false };
      const first = io();
      expect(await runCommand(['jobs:run', '--at', '2026-12-04T04:30:00+01:00'], config, first.io)).toBe(0);
      expect(first.out).toContain('jobs.prune (2026-12-04): done');

      const again = io();
      expect(await runCommand(['jobs:run', '--at', '2026-12-04T05:00:00+01:00'], config, again.io)).toBe(0);
      expect(again.out.join('\n')).not.toContain('jobs.prune');

      const named = io();
      expect(await runCommand(['jobs:run', '--at', '2026-12-05T04:30:00+01:00', '--only', 'jobs.prune'], config, named.io)).toBe(0);
      expect(named.out).toEqual(['jobs.prune (2026-12-05): done']);

      const unknown = io();
      expect(await runCommand(['jobs:run', '--only', 'jobs.nothing'], config, unknown.io)).toBe(1);
      expect(unknown.err.join()).toMatch(/no job named jobs.nothing. The jobs are: .*jobs.prune/);
    } finally {
      await drop();
    }
  });

  it('refuses a time it cannot read, before touching the database', async () => {
    const { err, io: streams } = io();
    expect(await runCommand(['jobs:run', '--at', 'tomorrow'], loadConfig({}), streams)).toBe(1);
    expect(err.join()).toContain('--at must be an ISO date and time');
  });
});
