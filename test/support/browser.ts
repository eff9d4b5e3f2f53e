import * as fs from 'fs';
import type { AddressInfo } from 'net';
import { Browser, chromium, Page } from 'playwright-core';
import { startTestApp, TestApp } from './test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless; its own downloads are neither needed nor possible here. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run does), or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Serves the test application on a free port and returns its address. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Signs in through the form, as a person would: type, then press Enter. */
export async function signInWithKeyboard(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel(/E-postadresse|Email address/).fill(email);
  await page.getByLabel(/Passord|Password/).fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.keyboard.press('Enter')]);
}

/** Puts the page in the wanted language with the switch every page has (the choice is kept on the account). */
export async function useLanguage(page: Page, base: string, locale: 'nb' | 'en'): Promise<void> {
  if (!page.url().startsWith(base)) await page.goto(`${base}/`);
  if ((await page.getAttribute('html', 'lang')) === locale) return;
  const name = locale === 'en' ? 'English' : 'Norsk (bokmål)';
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
}

/**
 * What every browser spec needs: the demo installation served on a free port and Chromium, started before
 * the spec's tests and handed over through `started`, and both stopped after the tests.
 */
export function browserSuite(started: (suite: { t: TestApp; browser: Browser; base: string }) => void): void {
  const running: { t?: TestApp; browser?: Browser } = {};
  beforeAll(async () => {
    const t = (running.t = await startTestApp({ demo: true }));
    const base = await listen(t);
    const browser = (running.browser = await launchChromium());
    started({ t, browser, base });
  }, 60_000);
  afterAll(async () => {
    await running.browser?.close();
    await running.t?.close();
  });
}
