import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import * as yauzl from 'yauzl';
import { InvitationsService } from '../../src/accounts/invitations.service';
import { axeViolations } from '../support/axe';
import { browserSuite, signInWithKeyboard, useLanguage } from '../support/browser';
import { DEMO_PASSWORD, makeUser, PASSWORD, TestApp } from '../support/test-app';

/**
 * For every demo role, in both languages: sign in, follow every link reachable
 * from the home page (same site, GET), and fail on any page that answers an
 * error, logs a console error (a CSP violation, say) or breaks WCAG 2.1 A/AA
 * according to axe-core. New pages are checked as soon as a link reaches them.
 */
const ROLES = ['student', 'supervisor', 'employer', 'coordinator', 'admin'];

let browser: Browser;
let base: string;
let t: TestApp;

browserSuite((suite) => ({ browser, base, t } = suite));

/** A phone's width: every page must fit it without scrolling sideways (a wide table scrolls inside itself). */
const PHONE = { width: 390, height: 844 };

async function widerThanScreen(page: Page): Promise<number | undefined> {
  const { scroll, view } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  return scroll > view + 1 ? scroll : undefined;
}

/** Checks one page the way the crawl does: status, WCAG checks, console errors, and its width on a phone. */
async function checkPage(page: Page, path: string, label: string, consoleErrors: string[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  const where = `${label} ${path}`;
  if ((page.viewportSize()?.width ?? 0) <= PHONE.width) {
    const width = await widerThanScreen(page);
    if (width) problems.push({ page: where, problem: `${width} px wide on a ${PHONE.width} px screen` });
  }
  for (const violation of await axeViolations(page)) problems.push({ page: where, problem: violation });
  for (const error of consoleErrors) problems.push({ page: where, problem: `console: ${error}` });
  return problems;
}

interface Problem {
  page: string;
  problem: string;
}

/** One file of a ZIP on disk, as text. */
function zipEntry(file: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} is not in the archive`)));
      zip.readEntry();
    });
  });
}

/**
 * Pages of one template differ only in their data; past this many of a kind the crawl
 * moves on. Lesson texts, whose Markdown differs, are all checked by a test of their own.
 */
const PER_VIEW = 3;

/**
 * Addresses that differ only in their numbers (one teaching day's page and the next) are one page to check: at
 * most PER_VIEW of each such shape are visited, so a cohort's every day or entry does not lengthen the crawl.
 */
const shapeOf = (path: string) => path.replace(/\/\d+(?=[/?#]|$)/g, '/#');

/** Files the browser saves rather than shows (CSV, PDF, badges, hand-ins): not pages to check. */
const isDownload = (path: string) => /\.csv$|^\/files\/|\/pdf$|\/badge$/.test(path);

/** Visits every same-site page reachable by links, breadth first, checking each. */
async function crawl(page: Page, label: string): Promise<{ visited: string[]; problems: Problem[] }> {
  const perView = new Map<string, number>();
  const perShape = new Map<string, number>();
  const problems: Problem[] = [];
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const queue = ['/'];
  const seen = new Set(queue);
  const visited: string[] = [];
  while (queue.length > 0 && visited.length < 400) {
    const path = queue.shift()!;
    consoleErrors.length = 0;
    const response = await page.goto(`${base}${path}`);
    visited.push(path);
    const where = `${label} ${path}`;
    if (!response || response.status() >= 400) {
      problems.push({ page: where, problem: `answered ${response?.status()}` });
      continue;
    }
    const view = (await page.getAttribute('body', 'data-view')) ?? '';
    perView.set(view, (perView.get(view) ?? 0) + 1);
    if (perView.get(view)! > PER_VIEW) continue;
    problems.push(...(await checkPage(page, path, label, consoleErrors)));

    const links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    for (const link of links) {
      const url = new URL(link);
      if (url.origin !== base || url.pathname.startsWith('/static/') || isDownload(url.pathname)) continue;
      const next = url.pathname + url.search;
      if (seen.has(next)) continue;
      seen.add(next);
      const shape = shapeOf(next);
      if ((perShape.get(shape) ?? 0) >= PER_VIEW) continue;
      perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
      queue.push(next);
    }
  }
  return { visited, problems };
}

describe('every page reachable by each demo role', () => {
  it.each(ROLES)('works and passes WCAG 2.1 A and AA checks for the %s, in bokmål and English', async (role) => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await signInWithKeyboard(page, base, `${role}@demo.test`, DEMO_PASSWORD);
      await useLanguage(page, base, 'nb');
      const bokmal = await crawl(page, `[${role}, nb]`);
      expect(await page.getAttribute('html', 'lang')).toBe('nb');

      // Switch language with the button every page has: a plain form, no JavaScript needed. The English
      // round is made on a phone's screen.
      await page.setViewportSize(PHONE);
      await page.goto(`${base}/`);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'English' }).click()]);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      const english = await crawl(page, `[${role}, en]`);

      expect(bokmal.visited).toEqual(expect.arrayContaining(['/', '/programmes', '/programmes/erfaringsskolen', '/programmes/mb-bergen']));
      expect(bokmal.visited.filter((p) => p.includes('/lessons/')).length).toBeGreaterThan(30);
      expect(bokmal.visited).toContain('/profile/my-data');
      await useLanguage(page, base, 'nb');
      expect(english.visited).toEqual(bokmal.visited);
      expect([...bokmal.problems, ...english.problems]).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('works for someone signed out: sign-in, forgotten password, and the links from the invitation and reset e-mails', async () => {
    const context = await browser.newContext({ locale: 'nb-NO', viewport: PHONE });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    // A 404 the page answers on purpose is not an error of the page (its status is checked below instead); any
    // other error, or a 404 of anything else (the site's icon, say), still counts.
    let notFoundOnPurpose: string | undefined;
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const from = message.location().url;
      if (message.text().startsWith('Failed to load resource') && from === notFoundOnPurpose) return;
      consoleErrors.push(message.text());
    });
    try {
      const [student] = await t.dataSource.query("SELECT id FROM users WHERE email = 'student@demo.test'");
      const { token } = await t.app.get(InvitationsService).create(Number(student.id), Number(student.id));
      await page.goto(`${base}/forgot-password`);
      await page.getByLabel(/E-postadresse/).fill('supervisor@demo.test');
      await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
      await page.waitForLoadState('load');
      // The answer to the form, the same whether or not the address has an account.
      const problems = await checkPage(page, 'POST /forgot-password', '[signed out, nb]', consoleErrors);
      // The reset e-mail is written after the answer; without SMTP it stays readable in the outbox.
      let reset: string | undefined;
      for (let i = 0; i < 50 && !reset; i += 1) {
        const rows: { text: string }[] = await t.dataSource.query("SELECT text FROM mail_outbox WHERE to_address = 'supervisor@demo.test' AND template = 'password-reset'");
        reset = rows.map((row) => /\/reset-password\/[A-Za-z0-9_-]+/.exec(row.text)?.[0]).find(Boolean);
        if (!reset) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(reset).toBeDefined();
      for (const locale of ['nb', 'en']) {
        const pages: [string, number][] = [
          ['/login', 200],
          ['/forgot-password', 200],
          [`/invitations/${token}`, 200],
          [reset!, 200],
          ['/invitations/not-a-real-link-at-all-0123456789', 404],
          ['/this-page-does-not-exist', 404],
        ];
        for (const [path, status] of pages) {
          consoleErrors.length = 0;
          notFoundOnPurpose = status === 404 ? `${base}${path}` : undefined;
          const response = await page.goto(`${base}${path}`);
          const where = `[signed out, ${locale}] ${path}`;
          if (response?.status() !== status) problems.push({ page: where, problem: `answered ${response?.status()}, not ${status}` });
          const lang = await page.getAttribute('html', 'lang');
          if (lang !== locale) problems.push({ page: where, problem: `in ${lang}, not ${locale}` });
          problems.push(...(await checkPage(page, path, `[signed out, ${locale}]`, consoleErrors)));
        }
        if (locale === 'nb') {
          await page.goto(`${base}/login`);
          await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'English' }).click()]);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('finds every lesson text of every programme sound, in both languages', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await signInWithKeyboard(page, base, 'student@demo.test', DEMO_PASSWORD);
      await useLanguage(page, base, 'nb');
      const lessons: string[] = [];
      for (const slug of ['erfaringsskolen', 'mb-bergen']) {
        await page.goto(`${base}/programmes/${slug}`);
        lessons.push(...(await page.$$eval('a[href*="/lessons/"]', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname))));
      }
      expect(lessons.length).toBeGreaterThan(30);
      const problems: Problem[] = [];
      for (const locale of ['nb', 'en']) {
        await useLanguage(page, base, locale as 'nb' | 'en');
        for (const lesson of lessons) {
          const response = await page.goto(`${base}${lesson}`);
          if (response?.status() !== 200) problems.push({ page: lesson, problem: `answered ${response?.status()}` });
          for (const violation of await axeViolations(page)) problems.push({ page: `${locale} ${lesson}`, problem: violation });
        }
      }
      await useLanguage(page, base, 'nb');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('downloads My data from its page, and the archive’s own summary passes the same checks', async () => {
    const context = await browser.newContext({ locale: 'nb-NO', acceptDownloads: true });
    const page = await context.newPage();
    try {
      await signInWithKeyboard(page, base, 'student@demo.test', DEMO_PASSWORD);
      await useLanguage(page, base, 'nb');
      await page.goto(`${base}/profile`);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Se og last ned mine data' }).click()]);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Last ned mine data' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^brobygger-mine-data-\d{4}-\d\d-\d\d\.zip$/);
      const summary = await zipEntry(await download.path(), 'index.html');
      await page.setContent(summary);
      expect(await page.getAttribute('html', 'lang')).toBe('nb');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('has a checker that does find a violation where there is one', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent('<html lang="nb"><head><title>Test</title></head><body><main><h1>x</h1><form><input id="q"></form></main></body></html>');
      expect(await axeViolations(page)).toEqual([expect.stringMatching(/^label:/)]);
    } finally {
      await page.close();
    }
  });

  it.each([
    ['student@demo.test', '/enrolments', /Erfaringsskolen/, 'Praksislogg', 'Før praksistimer', 'Send til godkjenning'],
    ['coordinator@demo.test', '/cohorts', null, null, 'Opprett et kull', 'Opprett kullet'],
  ])('announces form errors and ties them to their fields after a failed submission (%s)', async (email, start, first, second, open, submit) => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await signInWithKeyboard(page, base, email, DEMO_PASSWORD);
      await useLanguage(page, base, 'nb');
      await page.goto(`${base}${start}`);
      for (const link of [first, second, open]) {
        if (link) await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: link }).first().click()]);
      }
      await page.locator('textarea, input[type="text"], input[type="email"]').first().fill('');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: submit as string }).first().click()]);
      expect(await page.getByRole('alert').count()).toBeGreaterThan(0);
      const invalid = await page.$$eval('[aria-invalid="true"]', (fields) =>
        fields.map((field) => {
          const ids = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
          const label = document.querySelector(`label[for="${field.id}"]`)?.textContent?.trim();
          return { id: field.id, label, described: ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? '') };
        }),
      );
      expect(invalid.length).toBeGreaterThan(0);
      for (const field of invalid) {
        expect(field.label).toBeTruthy();
        expect(field.described.some((text) => text.startsWith('Feil:'))).toBe(true);
      }
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('checks the sign-in page and its error state for everyone not signed in', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel('E-postadresse').fill('not-an-email');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Logg inn' }).click()]);
      expect(await page.getByRole('alert').first().textContent()).toContain('Noe må rettes');
      expect(await page.getByLabel('E-postadresse').getAttribute('aria-invalid')).toBe('true');
      expect(await axeViolations(page)).toEqual([]);
      const missing = await page.goto(`${base}/no/such/page`);
      expect(missing?.status()).toBe(404);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('checks the erasure pages in the states no link reaches: a refused password, a waiting request, and its confirmation page', async () => {
    const context = await browser.newContext({ locale: 'nb-NO', viewport: PHONE });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const problems: Problem[] = [];
    const check = async (label: string) => {
      problems.push(...(await checkPage(page, page.url().slice(base.length), label, consoleErrors)));
      consoleErrors.length = 0;
    };
    try {
      await signInWithKeyboard(page, base, 'student@demo.test', DEMO_PASSWORD);
      await useLanguage(page, base, 'nb');
      await page.goto(`${base}/profile/erasure`);
      await page.getByLabel('Passordet ditt').fill('not the password');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Be om sletting' }).click()]);
      expect(await page.getByLabel('Passordet ditt').getAttribute('aria-invalid')).toBe('true');
      // The refused form answers 400 on purpose; the browser reports that status as a console error.
      consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes('status of 400')));
      await check('[student, refused]');
      await page.getByLabel('Passordet ditt').fill(DEMO_PASSWORD);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Be om sletting' }).click()]);
      expect(await page.getByRole('button', { name: 'Trekk tilbake forespørselen' }).count()).toBe(1);
      await check('[student, waiting]');

      const admin = await browser.newContext({ locale: 'nb-NO', viewport: PHONE });
      const adminPage = await admin.newPage();
      try {
        await signInWithKeyboard(adminPage, base, 'admin@demo.test', DEMO_PASSWORD);
        await useLanguage(adminPage, base, 'nb');
        await adminPage.goto(`${base}/erasure-requests`);
        await Promise.all([adminPage.waitForLoadState('load'), adminPage.getByRole('link', { name: 'Sara Dahl' }).click()]);
        expect(await adminPage.getByRole('button', { name: 'Slett opplysningene' }).count()).toBe(1);
        problems.push(...(await checkPage(adminPage, adminPage.url().slice(base.length), '[admin, request]', [])));
        await adminPage.goto(`${base}/erasure-requests`);
        problems.push(...(await checkPage(adminPage, '/erasure-requests', '[admin, waiting list]', [])));
      } finally {
        await admin.close();
      }
      // Withdrawn again, so the demo student stays for the other tests.
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Trekk tilbake forespørselen' }).click()]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  // Last, and with a person of its own: the demo accounts keep signing in with their password alone.
  it('checks the second-factor pages: enrolment, recovery codes, the code after the password, recovery, turning off and the reset', async () => {
    const context = await browser.newContext({ locale: 'nb-NO', viewport: PHONE });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    // A refused code is answered 400, 401 or 429 on purpose: the page's own status is not an error of the page.
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (message.text().startsWith('Failed to load resource') && message.location().url === page.url()) return;
      consoleErrors.push(message.text());
    });
    const problems: Problem[] = [];
    const check = async (label: string) => {
      problems.push(...(await checkPage(page, new URL(page.url()).pathname, label, consoleErrors)));
      consoleErrors.length = 0;
    };
    const submit = async (button: string | RegExp) => Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: button }).click()]);
    const codeFor = (secret: string, steps: number) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
    const signInWithCode = async (secret: string, steps: number, locale: string) => {
      await page.goto(`${base}/login`);
      await page.getByLabel(/E-postadresse|Email address/).fill(person.email);
      await page.getByLabel(/Passord|Password/).fill(PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === '/login/second-factor'), page.keyboard.press('Enter')]);
      await check(`[second factor, ${locale}] code`);
      await page.getByLabel(/Engangskode|One-time code/).fill(await codeFor(secret, steps));
      await submit(/Bekreft|Confirm/);
    };
    const person = await makeUser(t, ['supervisor']);
    try {
      await signInWithKeyboard(page, base, person.email, PASSWORD);
      await useLanguage(page, base, 'nb');
      await page.goto(`${base}/profile`);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Slå på tofaktorinnlogging' }).click()]);
      await check('[second factor, nb] enrolment');
      const secret = ((await page.textContent('[data-secret]')) ?? '').replace(/\s/g, '');
      await page.getByLabel('Engangskode fra appen').fill('000000' === (await codeFor(secret, 0)) ? '111111' : '000000');
      await submit('Slå på');
      expect(await page.getByLabel('Engangskode fra appen').getAttribute('aria-invalid')).toBe('true');
      await check('[second factor, nb] enrolment refused');
      await page.getByLabel('Engangskode fra appen').fill(await codeFor(secret, 0));
      await submit('Slå på');
      const recoveryCodes = await page.$$eval('.recovery-codes code', (codes) => codes.map((c) => c.textContent ?? ''));
      expect(recoveryCodes).toHaveLength(10);
      await check('[second factor, nb] recovery codes');
      await submit('Logg ut');

      // Signed in with the password, then a code refused, then a recovery code.
      await page.goto(`${base}/login`);
      await page.getByLabel('E-postadresse').fill(person.email);
      await page.getByLabel('Passord').fill(PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === '/login/second-factor'), page.keyboard.press('Enter')]);
      // A code no step near now gives: the enrolment's own code would be accepted once its 30 seconds have passed.
      const near = await Promise.all([-1, 0, 1, 2].map((steps) => codeFor(secret, steps)));
      await page.getByLabel('Engangskode').fill(['000000', '111111', '222222', '333333', '444444'].find((code) => !near.includes(code))!);
      await submit('Bekreft');
      expect(await page.getByRole('alert').count()).toBeGreaterThan(0);
      await check('[second factor, nb] code refused');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: /reservekode/ }).click()]);
      await check('[second factor, nb] recovery');
      await page.getByLabel('Reservekode').fill(recoveryCodes[0]);
      await submit('Logg inn');
      await check('[second factor, nb] recovery used');
      await page.goto(`${base}/second-factor/disable`);
      await check('[second factor, nb] turning off');
      await submit('Logg ut');

      await page.goto(`${base}/login`);
      await useLanguage(page, base, 'en');
      await signInWithCode(secret, 1, 'en');
      expect(new URL(page.url()).pathname).toBe('/');
      await page.goto(`${base}/profile`);
      await check('[second factor, en] profile');
      await page.goto(`${base}/second-factor/disable`);
      await page.getByLabel('Password').fill('not the password');
      await submit('Turn off');
      await check('[second factor, en] turning off refused');
      await useLanguage(page, base, 'nb');
      await submit('Logg ut');

      await signInWithKeyboard(page, base, 'admin@demo.test', DEMO_PASSWORD);
      await page.goto(`${base}/people/${person.id}`);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Tofaktorinnlogging' }).click()]);
      await check('[second factor, nb] administrator');
      await submit('Nullstill tofaktorinnlogging');
      await check('[second factor, nb] administrator after the reset');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
