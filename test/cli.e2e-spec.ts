import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCommand } from '../src/cli/commands';
import { loadConfig } from '../src/config/config';
import { startSmtp } from './support/smtp';
import { browser, startTestApp, testDatabase } from './support/test-app';

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
