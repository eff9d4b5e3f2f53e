import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCommand } from '../src/cli/commands';
import { loadConfig } from '../src/config/config';
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
