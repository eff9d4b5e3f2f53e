import type { Browser, Page } from 'playwright-core';
import { browserSuite, signInWithKeyboard, useLanguage } from '../support/browser';
import { DEMO_PASSWORD } from '../support/test-app';

/**
 * The journeys that matter most, as people take them in a real browser on the demo
 * installation: hours logged, approved and returned, seen by the student, counted for
 * the employer without the text, and the cohort table exported by the coordinator.
 */
let browser: Browser;
let base: string;

browserSuite((suite) => ({ browser, base } = suite));

async function personPage(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'nb-NO', acceptDownloads: true });
  const page = await context.newPage();
  await signInWithKeyboard(page, base, email, DEMO_PASSWORD);
  await useLanguage(page, base, 'nb');
  return page;
}

async function click(page: Page, name: string | RegExp, role: 'link' | 'button' = 'link') {
  await Promise.all([page.waitForLoadState('load'), page.getByRole(role, { name, exact: typeof name === 'string' }).first().click()]);
}

/** A link of the main menu by its name; a count may follow the name ("Til godkjenning 2 venter"). */
async function menu(page: Page, name: string) {
  const link = page.getByRole('navigation', { name: /Hovedmeny|Main menu/ }).getByRole('link', { name: new RegExp(`^${name}( \\d+ .*)?$`) });
  await Promise.all([page.waitForLoadState('load'), link.click()]);
}

async function logHours(page: Page, hours: string, description: string) {
  await menu(page, 'Mitt program');
  await click(page, /Erfaringsskolen|The School/);
  await click(page, 'Praksislogg');
  await click(page, 'Før praksistimer');
  await page.getByLabel('Timer', { exact: true }).fill(hours);
  await page.getByLabel('Praksissted').selectOption({ label: 'Brygga recoverysenter' });
  await page.getByLabel('Type praksis').selectOption({ index: 1 });
  await page.getByLabel('Hva gjorde du?').fill(description);
  await click(page, 'Send til godkjenning', 'button');
  expect(await page.textContent('main')).toContain('Til godkjenning');
}

const saraHours = async (employer: Page) => {
  await employer.goto(`${base}/employer`);
  const row = await employer.getByRole('row', { name: /Sara Dahl/ }).textContent();
  return Number(/(\d+(?:,\d+)?) av \d+ t/.exec(row ?? '')![1].replace(',', '.'));
};

describe('a week of practice, from the student to the employer', () => {
  it('is logged, approved and returned, seen by each person as they should see it', async () => {
    const employer = await personPage('employer@demo.test');
    const before = await saraHours(employer);

    const student = await personPage('student@demo.test');
    await logHours(student, '3', 'Journey: ledet kafétreff med fokus på håp');
    await logHours(student, '2', 'Journey: deltok på teammøte');

    const supervisor = await personPage('supervisor@demo.test');
    await menu(supervisor, 'Til godkjenning');
    await Promise.all([supervisor.waitForLoadState('load'), supervisor.getByRole('row', { name: /Journey: ledet kafétreff/ }).getByRole('link').click()]);
    await click(supervisor, 'Godkjenn timene', 'button');
    expect(await supervisor.textContent('main')).toContain('Godkjent');
    await menu(supervisor, 'Til godkjenning');
    await Promise.all([supervisor.waitForLoadState('load'), supervisor.getByRole('row', { name: /Journey: deltok på teammøte/ }).getByRole('link').click()]);
    await supervisor.getByLabel('Kommentar om du sender tilbake').fill('Skriv hva du selv bidro med i møtet.');
    await click(supervisor, 'Send tilbake til deltakeren', 'button');

    // The student's home page says the entry came back, with the comment and the way to it; the menu counts it.
    await student.goto(`${base}/`);
    expect(await student.textContent('main')).toContain('Skriv hva du selv bidro med i møtet.');
    expect(await student.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: /^Mitt program \d+ sendt tilbake$/ }).count()).toBe(1);
    await menu(student, 'Mitt program');
    await click(student, /Erfaringsskolen|The School/);
    await click(student, 'Praksislogg');
    const log = (await student.textContent('main')) ?? '';
    expect(log).toMatch(/Journey: ledet kafétreff[\s\S]*?Godkjent/);
    expect(log).toMatch(/Journey: deltok på teammøte[\s\S]*?Sendt tilbake/);
    await Promise.all([student.waitForLoadState('load'), student.getByRole('row', { name: /Journey: deltok på teammøte/ }).getByRole('link').click()]);
    expect(await student.textContent('main')).toContain('Skriv hva du selv bidro med i møtet.');

    const after = await saraHours(employer);
    expect(after).toBe(before + 3);
    const employerPage = (await employer.content()) + (await employer.textContent('main'));
    expect(employerPage).not.toContain('Journey:');
    expect(employerPage).not.toContain('Skriv hva du selv bidro med');
  }, 120_000);

  it("lets the coordinator find the cohort table and download it as CSV", async () => {
    const coordinator = await personPage('coordinator@demo.test');
    await menu(coordinator, 'Kull');
    await click(coordinator, 'Erfaringsskolen, høstkullet');
    await click(coordinator, 'Framdrift for kullet');
    expect(await coordinator.textContent('main')).toContain('Sara Dahl');
    const [download] = await Promise.all([coordinator.waitForEvent('download'), coordinator.getByRole('link', { name: /CSV/ }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('Sara Dahl');
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  });

  it('switches to English and back on any page', async () => {
    const student = await personPage('student@demo.test');
    await menu(student, 'Mitt program');
    await click(student, 'English', 'button');
    expect(await student.getAttribute('html', 'lang')).toBe('en');
    expect(await student.textContent('nav.site-nav')).toContain('My programme');
    await click(student, 'Norsk (bokmål)', 'button');
    expect(await student.getAttribute('html', 'lang')).toBe('nb');
    expect(await student.textContent('nav.site-nav')).toContain('Mitt program');
  });
});
