import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { AppConfig, DatabaseConfig, loadConfig } from '../src/config/config';
import { Transactions } from '../src/database/transactions';
import { LEASE_MS, MailSender } from '../src/mail/mail-sender';
import { MailService } from '../src/mail/mail.service';
import { OutboxRepository } from '../src/mail/outbox.repository';
import { FIRST_RETRY_MS, MAX_ATTEMPTS } from '../src/mail/retry-policy';
import { serverProcess } from './support/server-process';
import { startSmtp, TestSmtp } from './support/smtp';
import { UsersService } from '../src/users/users.service';
import { csrfFrom, DEMO_PASSWORD, mainText, makeUser, signedIn, testDatabase } from './support/test-app';

const FROM = 'Brobygger <no-reply@brobygger.example.test>';
const MINUTE = 60_000;

interface MailApp {
  app: NestExpressApplication;
  config: AppConfig;
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  users: UsersService;
  dataSource: DataSource;
  mail: MailService;
  sender: MailSender;
  transactions: Transactions;
  close(): Promise<void>;
}

/** The whole application on a given database, as a server process serving one installation with others. */
async function startServer(database: DatabaseConfig, env: NodeJS.ProcessEnv, overrides: Partial<AppConfig> = {}): Promise<MailApp> {
  const config: AppConfig = { ...loadConfig({ NODE_ENV: 'test', DEMO_PASSWORD, PUBLIC_URL: 'https://brobygger.example.test', ...env }), database, demo: false, ...overrides };
  const { app } = await createApp(config, { logger: false });
  return {
    app,
    config,
    http: app.getHttpServer(),
    users: app.get(UsersService),
    dataSource: app.get(DataSource),
    mail: app.get(MailService),
    sender: app.get(MailSender),
    transactions: app.get(Transactions),
    close: () => app.close(),
  };
}

interface Row {
  id: number;
  to_address: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  last_error: string | null;
  sent_at: number | null;
  html: string;
  text: string;
}

async function rows(server: MailApp, where = '1 = 1'): Promise<Row[]> {
  const found = await server.dataSource.query(`SELECT * FROM mail_outbox WHERE ${where} ORDER BY id`);
  return (found as Row[]).map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts), next_attempt_at: Number(r.next_attempt_at), sent_at: r.sent_at === null ? null : Number(r.sent_at) }));
}

async function row(server: MailApp, id: number): Promise<Row> {
  return (await rows(server, `id = ${Number(id)}`))[0];
}

/** Waits until the condition holds, checking every 20 ms, at most `ms`. */
async function until(condition: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`Not so within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let smtp: TestSmtp;
let database: { database: DatabaseConfig; drop(): Promise<void> };
let server: MailApp;

beforeAll(async () => {
  smtp = await startSmtp();
  database = await testDatabase();
  // Polling once an hour: whatever arrives within seconds was sent because the sender was woken.
  server = await startServer(database.database, { SMTP_URL: smtp.url, MAIL_FROM: FROM, MAIL_POLL_SECONDS: '3600' });
  // The look at the outbox made at start-up is over: what is sent from now on was woken by its writing.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await server.sender.idle();
});

afterAll(async () => {
  await server?.close();
  await database?.drop();
  await smtp?.close();
});

afterEach(() => smtp.failWith(null));

describe('mail written with an act', () => {
  it('arrives within seconds, in the recipient’s language, with an HTML and a plain-text part', async () => {
    await server.transactions.run((manager) => server.mail.enqueue({ to: 'Kari@Example.test', template: 'test', locale: 'en', data: {} }, manager));
    await server.transactions.run((manager) => server.mail.enqueue({ to: 'ola@example.test', template: 'test', locale: 'nb', data: {} }, manager));
    const en = await smtp.nextMessage('kari@example.test', 3_000);
    const nb = await smtp.nextMessage('ola@example.test', 3_000);

    expect(en.envelopeFrom).toBe('no-reply@brobygger.example.test');
    expect(en.from).toBe('"Brobygger" <no-reply@brobygger.example.test>');
    expect(en.subject).toBe('Test message from Brobygger');
    expect(en.text).toContain('If it arrives, e-mail for https://brobygger.example.test is set up correctly.');
    expect(en.text).not.toMatch(/<[a-z/]/i);
    expect(en.html).toMatch(/^<!doctype html>\s*<html lang="en">/i);
    expect(en.html).toContain('<title>Test message from Brobygger</title>');
    expect(nb.subject).toBe('Testmelding fra Brobygger');
    expect(nb.html).toContain('<html lang="nb">');
    expect(nb.text).toContain('Kommer den fram, er e-postoppsettet for https://brobygger.example.test i orden.');
  });

  it('is marked sent with the server’s answer and keeps no body once sent', async () => {
    const id = await server.mail.enqueue({ to: 'marked@example.test', template: 'test', locale: 'nb', data: {} });
    await smtp.nextMessage('marked@example.test');
    await until(async () => (await row(server, id)).state === 'sent');
    const sent = await row(server, id);
    expect(sent).toMatchObject({ attempts: 1, last_error: null, html: '', text: '' });
    expect(sent.sent_at).toBeGreaterThan(Date.now() - MINUTE);
  });

  it('is never sent when the act is undone', async () => {
    await expect(
      server.transactions.run(async (manager) => {
        await server.mail.enqueue({ to: 'undone@example.test', template: 'test', locale: 'nb', data: {} }, manager);
        throw new Error('the act failed');
      }),
    ).rejects.toThrow('the act failed');
    // Mail written after it goes out; by then the undone one would have too.
    await server.transactions.run((manager) => server.mail.enqueue({ to: 'after-undone@example.test', template: 'test', locale: 'nb', data: {} }, manager));
    await smtp.nextMessage('after-undone@example.test');
    await server.sender.sendDue();
    expect(smtp.messages.filter((m) => m.to.includes('undone@example.test'))).toEqual([]);
    expect(await rows(server, "to_address = 'undone@example.test'")).toEqual([]);
  });
});

describe('an SMTP server that does not answer', () => {
  it('is tried again with a doubling wait, and the message goes out once it answers', async () => {
    smtp.failWith(451);
    const before = Date.now();
    const id = await server.mail.enqueue({ to: 'patient@example.test', template: 'test', locale: 'nb', data: {} });
    await until(async () => (await row(server, id)).attempts === 1 && (await row(server, id)).last_error !== null);
    const first = await row(server, id);
    expect(first.state).toBe('pending');
    expect(first.last_error).toMatch(/^451 /);
    expect(first.next_attempt_at).toBeGreaterThanOrEqual(before + FIRST_RETRY_MS);
    expect(first.next_attempt_at).toBeLessThanOrEqual(Date.now() + FIRST_RETRY_MS);

    // Not before the wait is over.
    const t1 = first.next_attempt_at;
    expect(await server.sender.sendDue(() => t1 - 1)).toBe(0);
    expect((await row(server, id)).attempts).toBe(1);

    // Second attempt, still refused (the connection is dropped this time): the wait doubles.
    smtp.failWith('drop');
    expect(await server.sender.sendDue(() => t1)).toBe(0);
    const second = await row(server, id);
    expect(second).toMatchObject({ state: 'pending', attempts: 2 });
    expect(second.next_attempt_at).toBe(t1 + 2 * FIRST_RETRY_MS);

    smtp.failWith(null);
    expect(await server.sender.sendDue(() => second.next_attempt_at - 1)).toBe(0);
    expect(await server.sender.sendDue(() => second.next_attempt_at)).toBe(1);
    expect((await smtp.nextMessage('patient@example.test')).subject).toBe('Testmelding fra Brobygger');
    expect(await row(server, id)).toMatchObject({ state: 'sent', attempts: 3 });
    expect(smtp.messages.filter((m) => m.to.includes('patient@example.test'))).toHaveLength(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and keeps the reason`, async () => {
    smtp.failWith(421);
    const start = Date.now() + 365 * 24 * 60 * MINUTE;
    const id = await server.mail.enqueue({ to: 'never@example.test', template: 'test', locale: 'nb', data: {} }, undefined, start);
    let now = start;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await server.sender.sendDue(() => now);
      const current = await row(server, id);
      expect(current.attempts).toBe(attempt);
      expect(current.state).toBe(attempt < MAX_ATTEMPTS ? 'pending' : 'failed');
      now = current.next_attempt_at;
    }
    expect((await row(server, id)).last_error).toMatch(/^421 /);
    await server.sender.sendDue(() => now + 24 * 60 * MINUTE);
    expect((await row(server, id)).attempts).toBe(MAX_ATTEMPTS);
  });

  it('gives up at once when the server refuses the message for good', async () => {
    smtp.failWith(550);
    const id = await server.mail.enqueue({ to: 'nobody@example.test', template: 'test', locale: 'nb', data: {} });
    await until(async () => (await row(server, id)).state === 'failed');
    expect(await row(server, id)).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/^550 Mailbox unavailable/) });
  });
});

describe('the sender', () => {
  it('looks for mail due now and then, so that a retry goes out when its time comes without being woken', async () => {
    const polling = await startServer(database.database, { SMTP_URL: smtp.url, MAIL_FROM: FROM }, { mailPollMs: 100 });
    try {
      // Written by a server that looks only once an hour, due in a moment: only the other one's looking sends it.
      const id = await server.mail.enqueue({ to: 'polled@example.test', template: 'test', locale: 'nb', data: {} }, undefined, Date.now() + 300);
      await smtp.nextMessage('polled@example.test', 3_000);
      await until(async () => (await row(server, id)).lease_owner === polling.sender.owner);
    } finally {
      await polling.close();
    }
  });

  it('stops with the application, leaving no timer behind', async () => {
    const stopping = await startServer(database.database, { SMTP_URL: smtp.url, MAIL_FROM: FROM }, { mailPollMs: 100 });
    await stopping.close();
    const id = await server.mail.enqueue({ to: 'after-stop@example.test', template: 'test', locale: 'nb', data: {} }, undefined, Date.now() + 100);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await row(server, id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await stopping.sender.sendDue()).toBe(0);
    await server.sender.sendDue(() => Date.now() + 100);
    await smtp.nextMessage('after-stop@example.test');
  });
});

describe('several server processes on one database', () => {
  const DAY = 24 * 60 * MINUTE;

  it('deliver each of many messages exactly once when two servers claim at the same time', async () => {
    const second = await startServer(database.database, { SMTP_URL: smtp.url, MAIL_FROM: FROM, MAIL_POLL_SECONDS: '3600' });
    try {
      // Due tomorrow, so that only the rounds below send them, all at once from both servers.
      const due = Date.now() + DAY;
      const recipients = Array.from({ length: 40 }, (_, i) => `twice${i}@example.test`);
      await server.transactions.run(async (manager) => {
        for (const to of recipients) await server.mail.enqueue({ to, template: 'test', locale: 'nb', data: {} }, manager, due);
      });
      const sent = await Promise.all([server, second, server, second].map((s) => s.sender.sendDue(() => due)));
      expect(sent.reduce((a, b) => a + b, 0)).toBe(recipients.length);

      const arrived = smtp.messages.filter((m) => m.to[0].startsWith('twice')).map((m) => m.to[0]);
      expect(arrived.sort()).toEqual([...recipients].sort());
      const stored = await rows(server, "to_address LIKE 'twice%'");
      expect(stored.every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
      // Both servers took their share.
      expect(new Set(stored.map((r) => r.lease_owner))).toEqual(new Set([server.sender.owner, second.sender.owner]));
    } finally {
      await second.close();
    }
  });

  it('send a message after a restart that a stopped server had written but not sent', async () => {
    // A server without an SMTP server keeps its mail, as one stopped before sending leaves it.
    const own = await testDatabase();
    try {
      const stopped = await startServer(own.database, {});
      const id = await stopped.transactions.run((manager) => stopped.mail.enqueue({ to: 'restart@example.test', template: 'test', locale: 'en', data: {} }, manager));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await row(stopped, id)).toMatchObject({ state: 'pending', attempts: 0 });
      await stopped.close();

      const restarted = await startServer(own.database, { SMTP_URL: smtp.url, MAIL_FROM: FROM, MAIL_POLL_SECONDS: '3600' });
      try {
        expect((await smtp.nextMessage('restart@example.test')).subject).toBe('Test message from Brobygger');
        await until(async () => (await row(restarted, id)).state === 'sent');
      } finally {
        await restarted.close();
      }
    } finally {
      await own.drop();
    }
  });

  it('send a message again once the lease of a server that died while sending it has run out', async () => {
    const due = Date.now() + DAY;
    const id = await server.mail.enqueue({ to: 'orphan@example.test', template: 'test', locale: 'nb', data: {} }, undefined, due);
    // Another server claimed it and died before it had sent it.
    expect(await server.app.get(OutboxRepository).claimNext('died-while-sending', due, LEASE_MS)).toMatchObject({ id, attempts: 1 });

    const restarted = await startServer(database.database, { SMTP_URL: smtp.url, MAIL_FROM: FROM, MAIL_POLL_SECONDS: '3600' });
    try {
      expect(await restarted.sender.sendDue(() => due + LEASE_MS - 1)).toBe(0);
      expect(await restarted.sender.sendDue(() => due + LEASE_MS)).toBe(1);
      await smtp.nextMessage('orphan@example.test');
      expect(await row(server, id)).toMatchObject({ state: 'sent', attempts: 2, lease_owner: restarted.sender.owner });
    } finally {
      await restarted.close();
    }
  });

  describe('as separate operating-system processes', () => {
    jest.setTimeout(120_000);
    const mailEnv = () => ({ NODE_ENV: 'test', SMTP_URL: smtp.url, MAIL_FROM: FROM, PUBLIC_URL: 'https://brobygger.example.test', DEMO_PASSWORD });

    it('deliver each of many messages exactly once', async () => {
      const other = await serverProcess(database.database, mailEnv(), { mailPollMs: 20 });
      try {
        // Due in a moment, when both processes are looking for mail.
        const due = Date.now() + 1_000;
        const recipients = Array.from({ length: 40 }, (_, i) => `process${i}@example.test`);
        await server.transactions.run(async (manager) => {
          for (const to of recipients) await server.mail.enqueue({ to, template: 'test', locale: 'nb', data: {} }, manager, due);
        });
        const stored = () => rows(server, "to_address LIKE 'process%'");
        while ((await stored()).some((r) => r.state !== 'sent')) {
          await server.sender.sendDue();
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const arrived = smtp.messages.filter((m) => m.to[0].startsWith('process')).map((m) => m.to[0]);
        expect(arrived.sort()).toEqual([...recipients].sort());
        const owners = new Set((await stored()).map((r) => r.lease_owner?.split(':')[1]));
        expect(owners).toEqual(new Set([String(process.pid), String(other.pid)]));
      } finally {
        await other.stop();
      }
    });

    it('send a message once that a process killed in the middle of sending it had claimed', async () => {
      const victim = await serverProcess(database.database, mailEnv(), { mailPollMs: 20 });
      try {
        const refusedBefore = smtp.refused;
        smtp.failWith('hang', { times: 1 });
        // Due in a moment: this server's own round (woken by the write) finds nothing yet; the other's finds it.
        const id = await server.mail.enqueue({ to: 'killed@example.test', template: 'test', locale: 'nb', data: {} }, undefined, Date.now() + 300);
        await until(async () => smtp.refused === refusedBefore + 1, 10_000);
        await victim.kill();
        const orphan = await row(server, id);
        expect(orphan).toMatchObject({ state: 'pending', attempts: 1 });
        expect(orphan.lease_owner).toContain(`:${victim.pid}:`);

        expect(await server.sender.sendDue(() => Date.now() + LEASE_MS)).toBe(1);
        await smtp.nextMessage('killed@example.test');
        expect(smtp.messages.filter((m) => m.to.includes('killed@example.test'))).toHaveLength(1);
        expect(await row(server, id)).toMatchObject({ state: 'sent', attempts: 2 });
      } finally {
        await victim.kill();
      }
    });
  });
});

describe('the outbox page', () => {
  const ROLES = ['student', 'supervisor', 'employer', 'coordinator'] as const;
  const write = (on: MailApp, to: string, locale = 'nb') => on.transactions.run((manager) => on.mail.enqueue({ to, template: 'test', locale, data: {} }, manager));

  describe('where mail is sent', () => {
    it('shows administrators where it goes and what failed, never what a message says', async () => {
      smtp.failWith(550);
      const id = await write(server, 'rejected@example.test');
      await until(async () => (await row(server, id)).state === 'failed');
      smtp.failWith(null);
      const admin = await signedIn(server, await makeUser(server, ['admin']));

      const list = await admin.get('/mail-outbox');
      const text = mainText(list.text);
      expect(text).toMatch(/E-post sendes gjennom SMTP-serveren 127\.0\.0\.1:\d+\./);
      expect(text).toContain('Innholdet i meldingene vises ikke her: de inneholder lenker for å logge inn');
      expect(text).toMatch(/Meldinger som ikke kunne sendes: [1-9]\d*\. Vis meldingene som feilet/);
      expect(list.text).toContain('<a href="/mail-outbox?state=failed">Vis meldingene som feilet</a>');

      const failed = await admin.get('/mail-outbox?state=failed');
      expect(failed.text).toContain('rejected@example.test');
      expect(failed.text).not.toContain('kari@example.test');
      expect(mainText(failed.text)).toMatch(/Feilet Mal test Forsøk 1 .*Siste feil: 550 Mailbox unavailable/);

      const page = await admin.get(`/mail-outbox/${id}`);
      expect(page.status).toBe(200);
      // Its body is still stored, since it was never sent, and still not shown.
      expect((await row(server, id)).text).toContain('Dette er en testmelding');
      expect(page.text).not.toContain('Dette er en testmelding');
      expect(page.text).not.toContain(`/mail-outbox/${id}/html`);
      expect(mainText(page.text)).toContain('Innholdet i meldingene vises ikke her');
      expect((await admin.get(`/mail-outbox/${id}/html`)).status).toBe(404);
    });

    it('lets an administrator send a failed message again, once, with the form’s token', async () => {
      smtp.failWith(550);
      const id = await write(server, 'second-chance@example.test');
      await until(async () => (await row(server, id)).state === 'failed');
      smtp.failWith(null);
      const admin = await signedIn(server, await makeUser(server, ['admin']));

      expect((await admin.post(`/mail-outbox/${id}/retry`).type('form').send({})).status).toBe(403);
      expect((await row(server, id)).state).toBe('failed');

      const page = await admin.get(`/mail-outbox/${id}`);
      const res = await admin.post(`/mail-outbox/${id}/retry`).type('form').send({ _csrf: csrfFrom(page.text) });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/mail-outbox/${id}`);
      expect(mainText((await admin.get(res.headers.location)).text)).toContain('Meldingen til second-chance@example.test sendes på nytt om litt.');
      await smtp.nextMessage('second-chance@example.test');
      await until(async () => (await row(server, id)).state === 'sent');
      expect((await row(server, id)).attempts).toBe(1);

      // Once sent, it is not sent again.
      const again = await admin.post(`/mail-outbox/${id}/retry`).type('form').send({ _csrf: csrfFrom(page.text) });
      expect(mainText((await admin.get(again.headers.location)).text)).toContain('Meldingen til second-chance@example.test hadde ikke feilet');
      await server.sender.sendDue();
      expect(smtp.messages.filter((m) => m.to.includes('second-chance@example.test'))).toHaveLength(1);
    });

    it.each(ROLES)('is not found for a %s, and a retry by one sends nothing', async (role) => {
      smtp.failWith(550);
      const id = await write(server, `not-yours-${role}@example.test`);
      await until(async () => (await row(server, id)).state === 'failed');
      smtp.failWith(null);
      const agent = await signedIn(server, await makeUser(server, [role]));
      expect((await agent.get('/mail-outbox')).status).toBe(404);
      expect((await agent.get(`/mail-outbox/${id}`)).status).toBe(404);
      const res = await agent.post(`/mail-outbox/${id}/retry`).type('form').send({ _csrf: csrfFrom((await agent.get('/')).text) });
      expect(res.status).toBe(404);
      expect((await row(server, id)).state).toBe('failed');
    });
  });

  it('costs ordinary pages nothing: no statement about mail while people use the site', async () => {
    const statements: string[] = [];
    const logger = server.dataSource.logger;
    const original = logger.logQuery.bind(logger);
    const admin = await signedIn(server, await makeUser(server, ['admin']));
    const student = await signedIn(server, await makeUser(server, ['student']));
    logger.logQuery = (query, parameters, runner) => {
      statements.push(query);
      return original(query, parameters, runner);
    };
    try {
      for (const agent of [admin, student]) for (const path of ['/', '/programmes']) expect((await agent.get(path)).status).toBe(200);
    } finally {
      logger.logQuery = original;
    }
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((q) => /mail_outbox/i.test(q))).toEqual([]);
  });
});
