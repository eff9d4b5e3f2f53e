import request from 'supertest';
import { In } from 'typeorm';
import { JobsService } from '../src/jobs/jobs.service';
import { MailSender } from '../src/mail/mail-sender';
import { MailService } from '../src/mail/mail.service';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { csrfFrom, mainText, makeUser, signedIn, startTestApp, TestApp } from './support/test-app';

/**
 * The development outbox: without SMTP_URL mail is kept, not sent, and administrators read it on the outbox
 * page, links included, to try an installation out. (Where mail is sent: test/mail.e2e-spec.ts.)
 */
const ROLES = ['student', 'supervisor', 'employer', 'coordinator'] as const;

let t: TestApp;
let mail: MailService;

beforeAll(async () => {
  t = await startTestApp({ env: { PUBLIC_URL: 'https://brobygger.example.test' } });
  mail = t.app.get(MailService);
});

afterAll(async () => {
  await t.close();
});

const write = (to: string, locale = 'nb') => mail.enqueue({ to, template: 'test', locale, data: {} });
const stored = (id: number) => t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id });

describe('the outbox where no SMTP server is set up', () => {
  it('shows administrators the kept mail and what each message says, links included', async () => {
    const id = await write('reader@example.test', 'en');
    const admin = await signedIn(t, await makeUser(t, ['admin']));
    const list = await admin.get('/mail-outbox');
    expect(list.status).toBe(200);
    const text = mainText(list.text);
    expect(text).toContain('Ingen SMTP-server er satt opp (SMTP_URL), så e-post blir ikke sendt, men blir liggende her.');
    expect(text).toMatch(/Test message from Brobygger Mottaker reader@example\.test Status Beholdt, ikke sendt Mal test Forsøk 0/);

    const page = await admin.get(`/mail-outbox/${id}`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain('This is a test message. If it arrives, e-mail for https://brobygger.example.test is set up correctly.');
    const html = await admin.get(`/mail-outbox/${id}/html`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect(html.text).toMatch(/^<!doctype html>\s*<html lang="en">/i);
  });

  it('keeps the mail in the outbox: nothing is sent', async () => {
    const id = await write('not-sent@example.test');
    expect(await t.app.get(MailSender).sendDue()).toBe(0);
    expect(await stored(id)).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('lists fifty messages a page, newest first, with a link to the older ones', async () => {
    for (let i = 0; i < 51; i++) await mail.enqueue({ to: `page${i}@example.test`, template: 'test', locale: 'nb', data: {} });
    const admin = await signedIn(t, await makeUser(t, ['admin']));
    const first = await admin.get('/mail-outbox');
    expect(first.text).toContain('page50@example.test');
    expect(first.text).not.toContain('reader@example.test');
    expect(first.text).toMatch(/<a href="\?page=2">Eldre meldinger<\/a>/);
    const second = await admin.get('/mail-outbox?page=2');
    expect(second.text).toContain('reader@example.test');
    expect(second.text).toMatch(/<a href="\?page=1">Nyere meldinger<\/a>/);
  });

  it.each(ROLES)('is not found for a %s, nor any message, its HTML or its retry', async (role) => {
    const id = await write(`hidden-from-${role}@example.test`);
    const agent = await signedIn(t, await makeUser(t, [role]));
    for (const path of ['/mail-outbox', '/mail-outbox?state=failed', `/mail-outbox/${id}`, `/mail-outbox/${id}/html`]) {
      const res = await agent.get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain(`hidden-from-${role}`);
    }
    const token = csrfFrom((await agent.get('/')).text);
    expect((await agent.post(`/mail-outbox/${id}/retry`).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await agent.get('/')).text).not.toContain('/mail-outbox');
  });

  it('sends someone who is not signed in to sign in', async () => {
    const res = await request(t.http).get('/mail-outbox');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fmail-outbox');
  });

  it('is linked from the administrator’s home page', async () => {
    const admin = await signedIn(t, await makeUser(t, ['admin']));
    expect((await admin.get('/')).text).toContain('<a href="/mail-outbox">Se utgående e-post');
  });

  it('answers an address that names no message with not found', async () => {
    const admin = await signedIn(t, await makeUser(t, ['admin']));
    for (const path of ['/mail-outbox/999999', '/mail-outbox/abc', '/mail-outbox/1e3', '/mail-outbox/999999/html']) {
      expect([path, (await admin.get(path)).status]).toEqual([path, 404]);
    }
  });
});


describe('clearing out', () => {
  it('forgets sent messages after 90 days at night, and keeps newer ones and every one that failed or waits', async () => {
    const at = new Date('2027-03-01T04:00:00Z');
    const day = 86_400_000;
    const old = await write('gammel@example.test');
    const recent = await write('ny@example.test');
    const failed = await write('feilet@example.test');
    const waiting = await write('venter@example.test');
    const repository = t.dataSource.getRepository(OutboxMessage);
    await repository.update(old, { state: 'sent', sentAt: at.getTime() - 91 * day });
    await repository.update(recent, { state: 'sent', sentAt: at.getTime() - 89 * day });
    await repository.update(failed, { state: 'failed' });

    expect(await t.app.get(JobsService).runDue(at, ['mail.prune'])).toEqual([{ name: 'mail.prune', slot: '2027-03-01', outcome: 'ran' }]);
    const left = (await repository.findBy({ id: In([old, recent, failed, waiting]) })).map((m) => m.id).sort((a, b) => a - b);
    expect(left).toEqual([recent, failed, waiting]);
  });
});
