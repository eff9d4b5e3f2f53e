import request from 'supertest';
import { inflateSync } from 'zlib';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addDays, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { LedgerService } from '../src/ledger/ledger.service';
import { csrfFrom, makeUser, mainText, startTestApp, TestApp, signedIn } from './support/test-app';

let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
let student: Person, unfinished: Person, lopsided: Person, supervisor: Person, coordinator: Person, otherCoordinator: Person, employer: Person;
let enrolmentId: number;
let unfinishedEnrolmentId: number;
let lopsidedEnrolmentId: number;
/** Where people reach this installation; no request may change it. */
const PUBLIC_URL = 'https://kursbevis.example.no';

/**
 * Everything Erfaringsskolen asks for: every lesson done and module signed off, the hours approved (each category's
 * minimum first, the rest in the first category), full attendance. `oneCategory` puts every hour in the first category.
 */
async function complete(id: number, signer: number, placementId: number, oneCategory = false) {
  const programme = t.app.get(CurriculaService).getCurrent('erfaringsskolen').content;
  for (const module of programme.modules) {
    for (const lesson of module.lessons) await t.dataSource.query(`INSERT INTO lesson_progress (enrolment_id, module_key, lesson_key) VALUES (${id}, '${module.key}', '${lesson.key}')`);
    if (module.signOff) await t.dataSource.query(`INSERT INTO module_signoffs (enrolment_id, module_key, decision, decided_by) VALUES (${id}, '${module.key}', 'signed_off', ${signer})`);
  }
  const [first, ...others] = programme.practice.categories;
  const hours = new Map(oneCategory ? [] : others.map((c) => [c.key, c.minimumHours ?? 0]));
  hours.set(first.key, programme.practice.requiredHours - [...hours.values()].reduce((a, b) => a + b, 0));
  let day = 0;
  for (const [category, total] of hours) {
    for (let quarters = total * 4; quarters > 0; quarters -= 32) {
      await t.dataSource.query(
        `INSERT INTO practice_entries (enrolment_id, date, quarter_hours, placement_id, category, description, state) VALUES (${id}, '${addDays(today(), -100 + day++)}', ${Math.min(32, quarters)}, ${placementId}, '${category}', 'Praksis', 'approved')`,
      );
    }
  }
  const [{ cohort_id }] = await t.dataSource.query(`SELECT cohort_id FROM enrolments WHERE id = ${id}`);
  const days: { id: number }[] = await t.dataSource.query(`SELECT id FROM teaching_days WHERE cohort_id = ${cohort_id}`);
  for (const day of days) await t.dataSource.query(`INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by) VALUES (${day.id}, ${id}, 'present', ${signer})`);
}

beforeAll(async () => {
  t = await startTestApp({ env: { PUBLIC_URL } });
  const organisation = await t.users.createOrganisation('Fjordvik');
  student = await makeUser(t, ['student'], { name: 'Maja Moe' });
  unfinished = await makeUser(t, ['student'], { name: 'Nils Nesten' });
  lopsided = await makeUser(t, ['student'], { name: 'Ensidig Eriksen' });
  supervisor = await makeUser(t, ['supervisor']);
  coordinator = await makeUser(t, ['coordinator']);
  otherCoordinator = await makeUser(t, ['coordinator']);
  employer = await makeUser(t, ['employer'], { organisationId: organisation.id });
  const version = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
  const cohorts = t.app.get(CohortSetupService);
  const cohort = await cohorts.create({ name: 'Vårkullet', curriculumVersionId: version.id, startDate: addDays(today(), -120), coordinatorIds: [coordinator.id] });
  enrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: student.id, supervisorIds: [supervisor.id], employerOrganisationId: organisation.id })).id;
  unfinishedEnrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: unfinished.id, supervisorIds: [supervisor.id] })).id;
  await complete(enrolmentId, coordinator.id, organisation.id);
  lopsidedEnrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: lopsided.id, supervisorIds: [supervisor.id] })).id;
  await complete(lopsidedEnrolmentId, coordinator.id, organisation.id, true);
});

afterAll(async () => {
  await t.close();
});

const as = (user: { email: string }) => signedIn(t, user);

/** The body as bytes, whatever its type. */
function bytes(res: request.Test): request.Test {
  return res.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** A PDF's bytes as text, with every compressed (FlateDecode) stream unpacked, so nothing in it is missed. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts = [raw];
  for (const match of raw.matchAll(/<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g)) {
    if (!match[1].includes('/FlateDecode')) continue;
    const start = match.index! + match[0].length;
    parts.push(inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1'));
  }
  return parts.join('\n');
}

/** Every absolute web address in a text. */
const addresses = (text: string) => [...text.matchAll(/https?:\/\/[^\s"'()<>\\]+/g)].map((m) => m[0]);

describe('the completion checklist', () => {
  it('tells a student who is not done what is missing, and refuses a certificate', async () => {
    const text = mainText((await (await as(unfinished)).get(`/enrolments/${unfinishedEnrolmentId}/completion`)).text);
    expect(text).toContain('Mangler Moduler godkjent');
    expect(text).toMatch(/0 av \d+ timer er godkjent/);
    expect(text).toContain('Kursbevis kan utstedes når alle kravene er oppfylt.');
    const agent = await as(coordinator);
    const page = await agent.get(`/enrolments/${unfinishedEnrolmentId}/completion`);
    expect(page.text).not.toContain('Utsted kursbevis');
    const res = await agent.post(`/enrolments/${unfinishedEnrolmentId}/certificate`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(409);
    expect(mainText(res.text)).toContain('Kursbevis kan ikke utstedes før alle kravene er oppfylt.');
  });

  it("counts every category's minimum: the required hours in all, but all in one category, earn no certificate", async () => {
    const agent = await as(coordinator);
    const page = await agent.get(`/enrolments/${lopsidedEnrolmentId}/completion`);
    const text = mainText(page.text);
    expect(text).toContain('Oppfylt Praksistimer godkjent : 90 av 90 timer er godkjent');
    expect(text).toContain('Mangler Minstetimer per praksiskategori : 1 av 4 kategorier med minstekrav har nok godkjente timer.');
    expect(text).toContain('Gruppeaktiviteter: 0 t av 15 t godkjent');
    expect(page.text).not.toContain('Utsted kursbevis');
    const res = await agent.post(`/enrolments/${lopsidedEnrolmentId}/certificate`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(409);
    expect(mainText(res.text)).toContain('Kursbevis kan ikke utstedes før alle kravene er oppfylt.');
  });

  it('shows every requirement met for a student who is done', async () => {
    const text = mainText((await (await as(student)).get(`/enrolments/${enrolmentId}/completion`)).text);
    expect(text).toContain('Alle krav er oppfylt.');
    expect(text).not.toContain('Mangler');
  });
});

describe('a certificate', () => {
  let certificatePath: string;
  let code: string;

  it('is issued by the coordinator once the rule holds, and recorded in the ledger', async () => {
    const agent = await as(coordinator);
    const page = await agent.get(`/enrolments/${enrolmentId}/completion`);
    const res = await agent.post(`/enrolments/${enrolmentId}/certificate`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    certificatePath = res.headers.location;
    const certificate = await agent.get(certificatePath);
    const text = mainText(certificate.text);
    expect(text).toContain('Maja Moe');
    expect(text).toContain('Erfaringsskolen');
    expect(text).toContain('Vårkullet');
    code = /<code>([A-Za-z0-9_-]+)<\/code>/.exec(certificate.text)![1];
    expect(code.length).toBeGreaterThanOrEqual(22);
    const records = await t.app.get(LedgerService).historyForEnrolment(enrolmentId);
    expect(records.map((r) => r.action)).toContain('certificate.issue');
    // Not twice.
    const again = await agent.post(`/enrolments/${enrolmentId}/certificate`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(again.status).toBe(409);
    expect(mainText(again.text)).toContain('allerede utstedt');
  });

  it('is verified publicly by its code, showing only who, what and when', async () => {
    const res = await request(t.http).get(`/verify/${code}`);
    expect(res.status).toBe(200);
    const text = mainText(res.text);
    expect(text).toContain('Kursbeviset er ekte og gyldig.');
    expect(text).toContain('Maja Moe');
    expect(text).not.toContain('Vårkullet');
    const wrong = await request(t.http).get(`/verify/${code.slice(0, -2)}xx`);
    expect(wrong.status).toBe(404);
    expect(mainText(wrong.text)).toContain('Vi fant ikke noe kursbevis med denne koden.');
  });

  it('downloads as a PDF and as an Open Badges 3.0 credential', async () => {
    const agent = await as(student);
    const pdf = await agent.get(`${certificatePath}/pdf`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="kursbevis-erfaringsskolen-\d+\.pdf"$/);
    const body = (pdf.body as Buffer).toString('latin1');
    expect(body.startsWith('%PDF-')).toBe(true);
    expect(body).toContain('(Maja Moe) Tj');
    expect(body).toContain(code);

    const badge = await agent.get(`${certificatePath}/badge`);
    const credential = JSON.parse(badge.text);
    expect(credential['@context']).toContain('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json');
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.id).toMatch(new RegExp(`/verify/${code}$`));
    expect(credential.credentialSubject.achievement.name).toBe('The School of Lived Experience');
  });

  it('builds every absolute link from the configured public address, never from the host the request names', async () => {
    const agent = await as(student);
    const forged = (path: string) => agent.get(path).set('Host', 'evil.example').set('X-Forwarded-Host', 'evil.example');
    const verifyUrl = `${PUBLIC_URL}/verify/${code}`;

    const pdf = await bytes(forged(`${certificatePath}/pdf`));
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body as Buffer);
    expect(text).toContain(`(${verifyUrl}) Tj`);
    expect(text).not.toContain('evil.example');
    expect(addresses(text)).toEqual([verifyUrl]);

    const badge = await forged(`${certificatePath}/badge`);
    expect(badge.status).toBe(200);
    expect(badge.text).not.toContain('evil.example');
    const credential = JSON.parse(badge.text);
    expect(credential.id).toBe(verifyUrl);
    expect(credential.issuer).toMatchObject({ id: PUBLIC_URL, url: PUBLIC_URL });
    const links = addresses(JSON.stringify({ ...credential, '@context': undefined }));
    expect(links.length).toBeGreaterThanOrEqual(4);
    expect(links.filter((link) => link !== PUBLIC_URL && !link.startsWith(`${PUBLIC_URL}/`))).toEqual([]);

    const page = await forged(certificatePath);
    expect(page.status).toBe(200);
    expect(page.text).toContain(verifyUrl);
    expect(page.text).not.toContain('evil.example');
  });

  it('is kept from everyone but the student and the coordinators', async () => {
    for (const person of [unfinished, supervisor, otherCoordinator, employer]) {
      const agent = await as(person);
      for (const path of [certificatePath, `${certificatePath}/pdf`, `${certificatePath}/badge`, `/enrolments/${enrolmentId}/completion`]) {
        expect([path, (await agent.get(path)).status]).toEqual([path, 404]);
      }
      const token = csrfFrom((await agent.get('/')).text);
      expect((await agent.post(`${certificatePath}/revoke`).type('form').send({ _csrf: token, reason: 'x' })).status).toBe(404);
      expect((await agent.post(`/enrolments/${enrolmentId}/certificate`).type('form').send({ _csrf: token })).status).toBe(404);
    }
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM certificates WHERE revoked_at IS NOT NULL');
    expect(Number(count)).toBe(0);
  });

  it('is revoked by a coordinator with a reason, and the verification page then says so', async () => {
    const agent = await as(coordinator);
    const page = await agent.get(certificatePath);
    const noReason = await agent.post(`${certificatePath}/revoke`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(noReason.status).toBe(400);
    expect(mainText(noReason.text)).toContain('Skriv hvorfor kursbeviset trekkes tilbake.');
    expect((await agent.post(`${certificatePath}/revoke`).type('form').send({ _csrf: csrfFrom(page.text), reason: 'Utstedt ved en feil.' })).status).toBe(303);
    const verify = mainText((await request(t.http).get(`/verify/${code}`)).text);
    expect(verify).toContain('ble trukket tilbake');
    expect(verify).not.toContain('Utstedt ved en feil.');
    expect((await t.app.get(LedgerService).verify()).ok).toBe(true);
  });
});
