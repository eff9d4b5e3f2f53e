import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addMonths, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { launchChromium, listen, signInWithKeyboard } from './support/browser';
import { pdf, windowsProgram } from './support/documents';
import { makeUser, PASSWORD, startTestApp, TestApp } from './support/test-app';

/**
 * The student's and the assessor's path through the project assignment in a real browser,
 * by keyboard, with plain forms (the pages carry no scripts; axe-core is injected to check them): a refused file, the typed text kept, a file with
 * Norwegian letters in its name, feedback with a decision; every page checked with axe-core.
 */
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brobygger-uploads-'));

let t: TestApp;
let browser: Browser;
let base: string;
let enrolmentId: number;
let studentEmail: string;
let coordinatorEmail: string;

beforeAll(async () => {
  t = await startTestApp({ env: { UPLOAD_DIR: uploadDir } });
  base = await listen(t);
  browser = await launchChromium();
  const student = await makeUser(t, ['student'], { name: 'Sara Student' });
  const coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Coordinator' });
  const supervisor = await makeUser(t, ['supervisor'], { name: 'Per Supervisor' });
  studentEmail = student.email;
  coordinatorEmail = coordinator.email;
  const mb = t.app.get(CurriculaService).getCurrent('mb-bergen');
  const cohorts = t.app.get(CohortSetupService);
  const cohort = await cohorts.create({ name: 'MB-kullet', curriculumVersionId: mb.id, startDate: addMonths(today(), -6), coordinatorIds: [coordinator.id] });
  enrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: student.id, supervisorIds: [supervisor.id] })).id;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

/** Moves focus to the control and presses Enter or Space, as someone on a keyboard would. */
async function press(page: Page, selector: string, key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
  await page.focus(selector);
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}

it('lets the student hand in by keyboard: a refused program, the text kept, then a PDF with æøå in its name', async () => {
  const context = await browser.newContext({ locale: 'nb-NO' });
  const page = await context.newPage();
  try {
    await signInWithKeyboard(page, base, studentEmail, PASSWORD);
    await page.goto(`${base}/enrolments/${enrolmentId}/assignment`);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.textContent('main')).toContain('Forsinket');

    await page.getByLabel('Tekst').first().fill('Min foreløpige problemstilling.');
    await page.setInputFiles('#files-proposal', [{ name: 'setup.pdf', mimeType: 'application/pdf', buffer: windowsProgram() }]);
    await press(page, '#milestone-proposal button[type="submit"]');
    expect(await page.textContent('#files-proposal-error')).toContain('«setup.pdf» er ikke en PDF-, DOCX- eller ODT-fil.');
    expect(await page.inputValue('#text-proposal')).toBe('Min foreløpige problemstilling.');
    expect(await page.title()).toMatch(/^Feil:/);
    expect(await axeViolations(page)).toEqual([]);

    await page.setInputFiles('#files-proposal', [{ name: 'Skisse æøå.pdf', mimeType: 'application/pdf', buffer: pdf() }]);
    await press(page, '#milestone-proposal button[type="submit"]');
    expect(new URL(page.url()).pathname).toBe(`/enrolments/${enrolmentId}/assignment`);
    expect(await page.textContent('.flash')).toContain('Versjonen er levert.');
    expect(await page.getByRole('link', { name: 'Skisse æøå.pdf' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  } finally {
    await context.close();
  }
}, 60_000);

it('lets the coordinator name an assessor and ask for a revision by keyboard, in both languages', async () => {
  const context = await browser.newContext({ locale: 'nb-NO' });
  const page = await context.newPage();
  try {
    await signInWithKeyboard(page, base, coordinatorEmail, PASSWORD);
    await page.goto(`${base}/enrolments/${enrolmentId}/assessor`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Per Supervisor (praksisveileder) sammen med kursansvarlige').check();
    await press(page, 'form.form button[type="submit"]');
    expect(await page.textContent('main')).toContain('Per Supervisor (praksisveileder) og kursansvarlige i kullet vurderer oppgaven.');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Tilbakemelding').fill('Avgrens problemstillingen.');
    await page.focus('input[value="revision_requested"]');
    await page.keyboard.press('Space');
    await press(page, 'form[action^="/submissions/"] button[type="submit"]');
    expect(await page.textContent('main')).toContain('Kari Coordinator ber om en ny versjon');

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'English' }).click()]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('main')).toContain('Kari Coordinator asks for a new version');
    expect(await axeViolations(page)).toEqual([]);
  } finally {
    await context.close();
  }
}, 60_000);
