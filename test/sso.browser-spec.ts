import { createServer } from 'net';
import type { AddressInfo } from 'net';
import type { Browser, Page } from 'playwright-core';
import { InvitationsService } from '../src/accounts/invitations.service';
import { axeViolations } from './support/axe';
import { launchChromium, useLanguage } from './support/browser';
import { startOidcProvider, TestProvider } from './support/oidc-provider';
import { makeUser, startTestApp, TestApp } from './support/test-app';

/**
 * The pages single sign-on adds or changes, with a real OpenID provider and in a real browser: the sign-in page
 * with the provider's button and with a refusal, the invitation page and the profile page, each checked by
 * axe-core (WCAG 2.1 A and AA) and on a phone's width, in bokmål and English. The demo crawl runs without
 * a provider, so it never sees them.
 */
const PHONE = { width: 390, height: 844 };

let provider: TestProvider;
let t: TestApp;
let browser: Browser;
let base: string;

/** A port free now, so that the provider can be told the app's address before the app listens on it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider(base, {
    invited: { email: 'sso.invited@example.test', email_verified: true },
    stranger: { email: 'sso.stranger@example.test', email_verified: true },
  });
  t = await startTestApp({ env: { PUBLIC_URL: base, ...provider.env } });
  await t.app.listen(port, '127.0.0.1');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await provider?.stop();
});

/** What is wrong with the page for a person: WCAG violations, and width beyond a phone's screen. */
/** The page's problems in English and then in bokmål, which the session keeps chosen afterwards. */
async function problemsInBothLanguages(page: Page, address: string): Promise<string[]> {
  const problems: string[] = [];
  for (const locale of ['en', 'nb'] as const) {
    await page.goto(`${base}/login`);
    await useLanguage(page, base, locale);
    await page.goto(address);
    problems.push(...(await problemsOf(page)));
  }
  return problems;
}

async function problemsOf(page: Page): Promise<string[]> {
  const where = new URL(page.url()).pathname;
  const problems = (await axeViolations(page)).map((violation) => `${where}: ${violation}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > PHONE.width + 1) problems.push(`${where}: ${width} px wide on a ${PHONE.width} px screen`);
  return problems;
}

/** From the app's button to the provider, signing in there as `login`, until the browser is back in the app. */
async function throughProviderPages(page: Page, start: () => Promise<void>, login: string): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.origin === new URL(provider.issuer).origin, { waitUntil: 'commit' }), start()]);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any-password');
  await Promise.all([page.waitForURL(/\/interaction\//, { waitUntil: 'commit' }), page.keyboard.press('Enter')]);
  const consent = page.getByRole('button', { name: 'Continue' });
  await Promise.all([page.waitForURL((url) => url.origin === base, { waitUntil: 'load' }), consent.click()]);
}

describe('single sign-on in a browser', () => {
  it('signs an invited person in from the sign-in page by keyboard; the pages pass WCAG checks on a phone in both languages', async () => {
    await makeUser(t, ['student'], { email: 'sso.invited@example.test' });
    const context = await browser.newContext({ locale: 'nb-NO', viewport: PHONE });
    const page = await context.newPage();
    try {
      const problems: string[] = [];
      problems.push(...(await problemsInBothLanguages(page, `${base}/login`)));
      const button = page.getByRole('link', { name: 'Logg inn med Testleverandør' });
      await button.focus();
      await throughProviderPages(page, () => page.keyboard.press('Enter'), 'invited');
      expect(new URL(page.url()).pathname).toBe('/');

      await page.goto(`${base}/profile`);
      expect(await page.getByRole('heading', { name: 'Innlogging med Testleverandør' }).count()).toBe(1);
      problems.push(...(await problemsOf(page)));
      expect(problems).toEqual([]);

      // Signing out here goes on to sign out at the provider (the page lets its sign-out form go there), and back.
      await Promise.all([
        page.waitForURL((url) => url.origin === new URL(provider.issuer).origin, { waitUntil: 'commit' }),
        page.getByRole('button', { name: 'Logg ut' }).click(),
      ]);
      await Promise.all([page.waitForURL(`${base}/login?signedOut=1`), page.getByRole('button', { name: 'Yes, sign me out' }).click()]);
      expect(await page.getByRole('status').first().textContent()).toContain('Du er logget ut.');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('refuses a person without an account with a message on the sign-in page that passes WCAG checks', async () => {
    const context = await browser.newContext({ locale: 'nb-NO', viewport: PHONE });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      await throughProviderPages(page, () => page.getByRole('link', { name: 'Logg inn med Testleverandør' }).click(), 'stranger');
      expect(await page.getByRole('alert').first().textContent()).toContain('Vi fant ingen konto for deg');
      expect(await problemsOf(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('offers to accept an invitation with the provider, on a page that passes WCAG checks in both languages', async () => {
    const admin = await makeUser(t, ['admin']);
    const person = await t.users.create({ email: 'sso.newcomer@example.test', name: 'Ny Person', roles: ['supervisor'] });
    const { token } = await t.app.get(InvitationsService).create(person.id, admin.id);
    const context = await browser.newContext({ locale: 'nb-NO', viewport: PHONE });
    const page = await context.newPage();
    try {
      const problems: string[] = [];
      problems.push(...(await problemsInBothLanguages(page, `${base}/invitations/${token}`)));
      expect(await page.getByRole('link', { name: 'Godta med Testleverandør' }).count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
