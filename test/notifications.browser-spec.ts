import * as fs from 'fs';
import type { Browser, Page } from 'playwright-core';
import { Transactions } from '../src/database/transactions';
import { NotificationsService } from '../src/notifications/notifications.service';
import { unsubscribeToken } from '../src/notifications/unsubscribe-token';
import { browserSuite, signInWithKeyboard, useLanguage } from './support/browser';
import { DEMO_PASSWORD, TestApp } from './support/test-app';

/**
 * The notification pages in a real browser, in both languages and on a phone's screen: the list (read and
 * unread told apart in words), the choices, and the unsubscribe pages someone signed out reaches from a
 * mail; each checked with axe-core for WCAG 2.1 A and AA, by keyboard where it is used.
 */
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };

let browser: Browser;
let base: string;
let t: TestApp;

browserSuite((suite) => ({ browser, base, t } = suite));

async function problemsOn(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const { scroll, view } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  if (scroll > view + 1) problems.push(`${scroll} px wide on a ${view} px screen`);
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
  return [...problems, ...violations];
}

async function idOf(email: string): Promise<number> {
  const [row] = await t.dataSource.query(`SELECT id FROM users WHERE email = '${email}'`);
  return Number(row.id);
}

describe('the notification pages', () => {
  it('list notifications and choices, usable by keyboard and sound in both languages on a phone', async () => {
    const studentId = await idOf('student@demo.test');
    const [enrolment] = await t.dataSource.query(`SELECT id FROM enrolments WHERE student_id = ${studentId}`);
    await t.app.get(Transactions).run(async (manager) => {
      const notifications = t.app.get(NotificationsService);
      const entries = [
        { entryId: 1, date: '2026-03-02', hours: 2.5, category: { nb: 'Individuell oppfølging', en: 'Individual follow-up' }, comment: 'Skriv litt mer om hva du gjorde.' },
        { entryId: 2, date: '2026-03-03', hours: 1, category: { nb: 'Gruppe', en: 'Group' }, comment: 'Velg riktig kategori.' },
      ];
      await notifications.record(manager, [studentId], 'entries_returned', { enrolmentId: Number(enrolment.id), entries });
      await notifications.record(manager, [studentId], 'milestone_reminder', { enrolmentId: Number(enrolment.id), milestoneKey: 'proposal', milestone: { nb: 'Prosjektskisse', en: 'Proposal' }, dueDate: '2026-04-01', days: 1 });
    });
    const context = await browser.newContext({ locale: 'nb-NO', viewport: PHONE });
    const page = await context.newPage();
    const problems: string[] = [];
    try {
      await signInWithKeyboard(page, base, 'student@demo.test', DEMO_PASSWORD);
      for (const locale of ['nb', 'en'] as const) {
        await useLanguage(page, base, locale);
        for (const path of ['/notifications', '/notifications/settings']) {
          const response = await page.goto(`${base}${path}`);
          expect(response?.status()).toBe(200);
          problems.push(...(await problemsOn(page)).map((p) => `${locale} ${path}: ${p}`));
        }
      }
      await useLanguage(page, base, 'nb');

      // Marking one read, by keyboard: its label changes from "Ulest" to "Lest".
      await page.goto(`${base}/notifications`);
      // (The demo's own acts have told the student of something too.)
      const unread = await page.locator('.notification--unread').count();
      expect(unread).toBeGreaterThanOrEqual(2);
      await page.getByRole('button', { name: 'Marker som lest', exact: true }).first().focus();
      await Promise.all([page.waitForURL(/\/notifications\?page=1#notification-\d+$/), page.keyboard.press('Enter')]);
      expect(await page.locator('.notification--unread').count()).toBe(unread - 1);
      expect(await page.locator('.notification .state').allTextContents()).toEqual(expect.arrayContaining(['Lest', 'Ulest']));
      problems.push(...(await problemsOn(page)).map((p) => `after marking read: ${p}`));

      // A choice, by keyboard, saved.
      await page.goto(`${base}/notifications/settings`);
      await page.getByRole('radio', { name: 'I det daglige sammendraget på e-post' }).first().check();
      await Promise.all([page.waitForURL(`${base}/notifications/settings`), page.getByRole('button', { name: 'Lagre valgene' }).press('Enter')]);
      expect(await page.getByRole('status').textContent()).toContain('Valgene dine er lagret.');
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('let someone signed out turn a kind off from a mail’s link, with a button', async () => {
    const supervisorId = await idOf('supervisor@demo.test');
    const token = unsubscribeToken(t.config.sessionSecret, supervisorId, ['waiting_entries']);
    const context = await browser.newContext({ locale: 'nb-NO', viewport: PHONE });
    const page = await context.newPage();
    const problems: string[] = [];
    try {
      const response = await page.goto(`${base}/unsubscribe/${token}`);
      expect(response?.status()).toBe(200);
      problems.push(...(await problemsOn(page)).map((p) => `unsubscribe: ${p}`));
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Slutt å sende meg e-post om dette' }).press('Enter')]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Du får ikke lenger e-post om dette');
      problems.push(...(await problemsOn(page)).map((p) => `unsubscribed: ${p}`));
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
    const [row] = await t.dataSource.query(`SELECT choice FROM notification_preferences WHERE user_id = ${supervisorId} AND kind = 'waiting_entries'`);
    expect(row.choice).toBe('off');
  }, 60_000);
});
