import request from 'supertest';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { programmeEnd } from '../src/cohorts/timeline';
import { addDays, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { PracticeEntry } from '../src/practice/practice-entry.entity';
import { csrfFrom, makeUser, mainText, startTestApp, TestApp, signedIn } from './support/test-app';

let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
let trainee: Person, declining: Person, formula: Person, noEmployer: Person, otherStudent: Person;
let supervisor: Person, coordinator: Person, employer: Person, otherEmployer: Person, homeless: Person;
let organisationId: number, otherOrganisationId: number;
/** Åse consents; Bjørn never does; the "=SUM" trainee consents and is behind; Cecilie has no employer. */
let traineeEnrolment: number, decliningEnrolment: number, formulaEnrolment: number, noEmployerEnrolment: number;
let endDate: string;
let cohortId: number;
const start = addDays(today(), -30);

// Texts only the student, the supervisor and the coordinator may ever read.
const SECRETS = ['HEMMELIG-PRAKSISTEKST-9431', 'PRIVAT-REFLEKSJON-5523', 'TILBAKEMELDING-7781', 'MODULKOMMENTAR-3321'];

beforeAll(async () => {
  t = await startTestApp();
  const organisation = await t.users.createOrganisation('Ødegård bo- og aktivitetssenter');
  const otherOrganisation = await t.users.createOrganisation('Bergen kommune, rustjenesten');
  organisationId = organisation.id;
  otherOrganisationId = otherOrganisation.id;
  trainee = await makeUser(t, ['student'], { name: 'Åse "Tuva" Ødegård' });
  declining = await makeUser(t, ['student'], { name: 'Bjørn Beholder' });
  formula = await makeUser(t, ['student'], { name: '=SUM(1;2) Lærling' });
  noEmployer = await makeUser(t, ['student'], { name: 'Cecilie Uten' });
  otherStudent = await makeUser(t, ['student'], { name: 'Olav Other' });
  supervisor = await makeUser(t, ['supervisor'], { name: 'Per Veileder' });
  coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Kursansvarlig' });
  employer = await makeUser(t, ['employer'], { name: 'Ellen Arbeidsgiver', organisationId });
  otherEmployer = await makeUser(t, ['employer'], { name: 'Otto Annen', organisationId: otherOrganisationId });
  homeless = await makeUser(t, ['employer'], { name: 'Hege Uten Virksomhet' });

  const curricula = t.app.get(CurriculaService);
  const cohorts = t.app.get(CohortSetupService);
  const es = curricula.getCurrent('erfaringsskolen');
  const mb = curricula.getCurrent('mb-bergen');
  endDate = programmeEnd(start, es.content.duration.unit, es.content.duration.length);
  const cohort = await cohorts.create({ name: 'Høstkullet', curriculumVersionId: es.id, startDate: start, coordinatorIds: [coordinator.id] });
  cohortId = cohort.id;
  const mbCohort = await cohorts.create({ name: 'Bergen-kullet', curriculumVersionId: mb.id, startDate: start, coordinatorIds: [coordinator.id] });
  const enrol = async (cohortId: number, studentId: number, employerOrganisationId?: number) =>
    (await cohorts.enrol({ cohortId, studentId, supervisorIds: [supervisor.id], employerOrganisationId })).id;
  traineeEnrolment = await enrol(cohort.id, trainee.id, organisationId);
  decliningEnrolment = await enrol(cohort.id, declining.id, organisationId);
  formulaEnrolment = await enrol(mbCohort.id, formula.id, organisationId);
  noEmployerEnrolment = await enrol(cohort.id, noEmployer.id);

  // 24 approved hours with texts the employer must never see, all in one category (so behind in the others), and 2
  // hours still waiting.
  const category = es.content.practice.categories[0].key;
  const entries = t.dataSource.getRepository(PracticeEntry);
  for (let i = 0; i < 3; i++) {
    await entries.insert({
      enrolmentId: traineeEnrolment, date: addDays(start, i + 1), quarterHours: 32, placementId: organisationId, category,
      description: SECRETS[0], reflection: SECRETS[1], reflectionShared: true, returnComment: SECRETS[2], state: 'approved',
    });
  }
  await entries.insert({ enrolmentId: traineeEnrolment, date: addDays(start, 5), quarterHours: 8, placementId: organisationId, category, description: SECRETS[0], state: 'submitted' });
  // The first module (weeks 1–2) is signed off with a comment; the rest are not due yet.
  await t.dataSource.query(
    `INSERT INTO module_signoffs (enrolment_id, module_key, decision, comment, decided_by) VALUES (${traineeEnrolment}, '${es.content.modules[0].key}', 'signed_off', '${SECRETS[3]}', ${supervisor.id})`,
  );
  // Present on one recorded teaching day, absent on the other: 50 %.
  const days: { id: number }[] = await t.dataSource.query(`SELECT id FROM teaching_days WHERE cohort_id = ${cohort.id} ORDER BY date LIMIT 2`);
  for (const [i, day] of days.entries()) {
    await t.dataSource.query(`INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by) VALUES (${day.id}, ${traineeEnrolment}, '${i === 0 ? 'present' : 'absent'}', ${coordinator.id})`);
  }
});

afterAll(async () => {
  await t.close();
});

const as = (user: { email: string }) => signedIn(t, user);

async function decide(user: Person, enrolmentId: number, granted: 'yes' | 'no', organisation = organisationId) {
  const agent = await as(user);
  const page = await agent.get(`/enrolments/${enrolmentId}/consent`);
  const res = await agent.post(`/enrolments/${enrolmentId}/consent`).type('form').send({ _csrf: csrfFrom(page.text), granted, organisation: String(organisation) });
  if (res.status !== 303) throw new Error(`Consent failed with ${res.status}: ${mainText(res.text).slice(0, 300)}`);
  return agent;
}

/** The body as bytes, whatever its type, so the byte order mark and line ends can be checked. */
function bytes(res: request.Test): request.Test {
  return res.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** The visible text of the page, with the entities Handlebars writes for quotes and "=" turned back. */
const visible = (html: string) => mainText(html).replace(/&quot;/g, '"').replace(/&#x3D;/g, '=');

const count = async (table: string, where = '1 = 1') => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`))[0].n);

describe('the consent page', () => {
  it('names the employer, says exactly what they will and will not see, and starts without consent', async () => {
    const page = await (await as(trainee)).get(`/enrolments/${traineeEnrolment}/consent`);
    expect(page.text).not.toContain('error-summary');
    const text = mainText(page.text);
    expect(text).toContain('Får Ødegård bo- og aktivitetssenter følge framdriften din?');
    expect(text).toContain('Ikke samtykke');
    expect(text).toContain('Dette ser Ødegård bo- og aktivitetssenter når du har gitt samtykke');
    expect(text).toContain('Hvor mange praksistimer som er godkjent');
    expect(text).toContain('Dette ser Ødegård bo- og aktivitetssenter aldri');
    expect(text).toContain('Refleksjonene dine');
    expect(text).toContain('grunnen til fraværet');
    expect(text).toContain('Ingen arbeidsgiver har sett på framdriften din.');
  });

  it('tells a student without an employer so, offers no form and writes nothing when posted to anyway', async () => {
    const agent = await as(noEmployer);
    const page = await agent.get(`/enrolments/${noEmployerEnrolment}/consent`);
    expect(mainText(page.text)).toContain('Du har ingen arbeidsgiver registrert i dette kullet');
    expect(page.text).not.toContain(`action="/enrolments/${noEmployerEnrolment}/consent"`);
    const res = await agent.post(`/enrolments/${noEmployerEnrolment}/consent`).type('form').send({ _csrf: csrfFrom(page.text), granted: 'yes' });
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('så det er ingen å gi samtykke til');
    expect(await count('employer_consents', `enrolment_id = ${noEmployerEnrolment}`)).toBe(0);
  });

  it('is shown in English too', async () => {
    const agent = await as(trainee);
    const text = mainText((await agent.get(`/enrolments/${traineeEnrolment}/consent`).set('Accept-Language', 'en')).text);
    expect(text).toContain('What Ødegård bo- og aktivitetssenter never sees');
  });
});

describe('before anyone consents', () => {
  it('explains to the employer why nobody is shown, and logs no view', async () => {
    const text = mainText((await (await as(employer)).get('/employer')).text);
    expect(text).toContain('Ingen deltakere fra virksomheten har samtykket');
    expect(text).not.toContain('Bjørn');
    expect(await count('employer_views')).toBe(0);
  });
});

describe('the employer follows consenting trainees', () => {
  beforeAll(async () => {
    await decide(trainee, traineeEnrolment, 'yes');
    await decide(formula, formulaEnrolment, 'yes');
  });

  it('shows the consent as given, with when, to the student', async () => {
    const text = mainText((await (await as(trainee)).get(`/enrolments/${traineeEnrolment}/consent`)).text);
    expect(text).toContain('Samtykke gitt');
    expect(text).toContain('Du ga samtykke til Ødegård bo- og aktivitetssenter');
  });

  it('shows hours, modules, attendance, assignment, end date and pace of each consenting trainee, and no one else', async () => {
    const before = await count('employer_views');
    const res = await (await as(employer)).get('/employer');
    expect(res.status).toBe(200);
    const text = visible(res.text);
    expect(text).toContain('Åse "Tuva" Ødegård');
    expect(text).toContain('=SUM(1;2) Lærling');
    expect(text).not.toContain('Bjørn');
    expect(text).not.toContain('Cecilie');
    // Sorted the Norwegian way: Å comes last.
    expect(text.indexOf('=SUM(1;2) Lærling')).toBeLessThan(text.indexOf('Åse'));
    const row = text.slice(text.indexOf('Åse'), text.indexOf('Hva «i rute» betyr'));
    expect(row).toContain('Høstkullet');
    expect(row).toContain('24 av 90 t');
    expect(row).toMatch(/1 av [2-9]/);
    expect(row).toContain('50 % (1 av 2 dager)');
    expect(row).toContain('Ingen prosjektoppgave');
    expect(row).toContain(new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${endDate}T12:00:00Z`)));
    expect(row.replace(/ ,/g, ',')).toMatch(/Nei\s+Under minstetimene så langt i: Gruppeaktiviteter, Samarbeid med ansatte og teammøter, Veiledning og refleksjon\s*$/);
    // One view logged per trainee shown, for this employer and organisation.
    expect(await count('employer_views')).toBe(before + 2);
    expect(await count('employer_views', `enrolment_id = ${traineeEnrolment} AND viewer_id = ${employer.id} AND organisation_id = ${organisationId} AND kind = 'page'`)).toBe(1);
    expect(await count('employer_views', `enrolment_id = ${decliningEnrolment}`)).toBe(0);
  });

  it('says who is behind and why, and what "on pace" means', async () => {
    const text = visible((await (await as(employer)).get('/employer')).text);
    const row = text.slice(text.indexOf('=SUM(1;2) Lærling'), text.indexOf('Åse'));
    expect(row).toContain('0 av 360 t');
    expect(row).toContain('Prosjektskisse – ikke levert');
    // A month into MB Bergen, still in the theory months: no practice hours are expected yet.
    expect(row.trim().endsWith('Ja')).toBe(true);
    expect(text).toContain('Deltakere: 2. Ikke i rute: 1.');
    expect(text).toContain('Hva «i rute» betyr');
    expect(text).toContain('minst 75 % av timene som er ventet så langt');
  });

  it('never shows practice texts, reflections, feedback or comments, on the page or in the export', async () => {
    const agent = await as(employer);
    const page = (await agent.get('/employer')).text;
    const csv = (await bytes(agent.get('/employer/export.csv'))).body.toString('utf8');
    for (const secret of SECRETS) {
      expect([secret, page.includes(secret)]).toEqual([secret, false]);
      expect([secret, csv.includes(secret)]).toEqual([secret, false]);
    }
  });

  it('exports the table as CSV a Norwegian spreadsheet opens: BOM, semicolons, CRLF, æøå intact, escaped, no formulas', async () => {
    const before = await count('employer_views', "kind = 'csv'");
    const res = await bytes((await as(employer)).get('/employer/export.csv'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="deltakere-\d{4}-\d{2}-\d{2}\.csv"$/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(lines[0]).toBe(
      'Navn;Program;Kull;Godkjente timer;Påkrevde timer;Moduler godkjent;Moduler som krever godkjenning;Oppmøte (%);Krav til oppmøte (%);Prosjektoppgave;Forventet ferdig;I rute;Hvorfor ikke i rute',
    );
    const [second, first] = [lines[1], lines[2]];
    expect(first.startsWith('"Åse ""Tuva"" Ødegård";Erfaringsskolen;Høstkullet;24;90;1;')).toBe(true);
    expect(first).toContain(`;50;80;Ingen prosjektoppgave;${endDate};Nei;Under minstetimene så langt i: Gruppeaktiviteter, Samarbeid med ansatte og teammøter, Veiledning og refleksjon`);
    // The name that would be a formula is turned into text, and quoted for its semicolon.
    expect(second.startsWith(`"'=SUM(1;2) Lærling";`)).toBe(true);
    expect(second).toMatch(/;Ja;$/);
    expect(await count('employer_views', "kind = 'csv'")).toBe(before + 2);
  });

  it('heads the CSV in the page language', async () => {
    const res = await bytes((await as(employer)).get('/employer/export.csv').set('Accept-Language', 'en'));
    const text = (res.body as Buffer).subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toMatch(/^Name;Programme;Cohort;Approved hours;Required hours;/);
    expect(res.headers['content-disposition']).toMatch(/filename="trainees-/);
  });

  it('shows each change on the next look, logs every look, and shows the same page while nothing changes', async () => {
    const agent = await as(employer);
    const row = async () => {
      const text = visible((await agent.get('/employer')).text);
      return text.slice(text.indexOf('Åse'), text.indexOf('Hva «i rute» betyr'));
    };
    const first = await row();
    expect(first).toContain('24 av 90 t');
    const views = await count('employer_views', `enrolment_id = ${traineeEnrolment}`);
    // Nothing changed: the same page, and the look is logged all the same.
    expect(await row()).toBe(first);
    expect(await count('employer_views', `enrolment_id = ${traineeEnrolment}`)).toBe(views + 1);
    // The supervisor approves the 2 hours that were waiting.
    await t.dataSource.query(`UPDATE practice_entries SET state = 'approved' WHERE enrolment_id = ${traineeEnrolment} AND state = 'submitted'`);
    expect(await row()).toContain('26 av 90 t');
    // A teaching day cancelled: the absence on it no longer counts.
    await t.dataSource.query(
      `UPDATE teaching_days SET cancelled = true WHERE id = (SELECT teaching_day_id FROM attendance_records WHERE enrolment_id = ${traineeEnrolment} AND status = 'absent')`,
    );
    expect(await row()).toContain('100 % (1 av 1 dager)');
    await t.dataSource.query(`UPDATE teaching_days SET cancelled = false WHERE cohort_id = (SELECT cohort_id FROM enrolments WHERE id = ${traineeEnrolment})`);
    await t.dataSource.query(`UPDATE practice_entries SET state = 'submitted' WHERE enrolment_id = ${traineeEnrolment} AND quarter_hours = 8`);
    expect(await row()).toBe(first);
  });

  it('logs every one of many looks at the same moment, each with who, which organisation and how', async () => {
    const agent = await as(employer);
    const logged = (kind: string) =>
      count('employer_views', `viewer_id = ${employer.id} AND organisation_id = ${organisationId} AND kind = '${kind}' AND enrolment_id IN (${traineeEnrolment}, ${formulaEnrolment})`);
    const [pagesBefore, filesBefore] = [await logged('page'), await logged('csv')];
    const looks = await Promise.all([
      ...Array.from({ length: 8 }, () => agent.get('/employer')),
      ...Array.from({ length: 4 }, () => agent.get('/employer/export.csv')),
    ]);
    expect(looks.map((res) => res.status)).toEqual(Array(12).fill(200));
    // The two consenting trainees, once for each page and once for each file.
    expect((await logged('page')) - pagesBefore).toBe(16);
    expect((await logged('csv')) - filesBefore).toBe(8);
    expect(await count('employer_views', `enrolment_id = ${decliningEnrolment}`)).toBe(0);
  });

  it("lets the student see every look, page and export, with who, which organisation and when", async () => {
    const text = mainText((await (await as(trainee)).get(`/enrolments/${traineeEnrolment}/consent`)).text);
    expect(text).toContain('Ellen Arbeidsgiver');
    expect(text).toContain('Ødegård bo- og aktivitetssenter');
    expect(text).toContain('Så på siden');
    expect(text).toContain('Lastet ned som regnearkfil (CSV)');
    const total = await count('employer_views', `enrolment_id = ${traineeEnrolment}`);
    expect(text).toContain(`Registrert i alt: ${total}.`);
    // Another student's page shows nothing of it.
    expect(mainText((await (await as(formula)).get(`/enrolments/${formulaEnrolment}/consent`)).text)).not.toContain('Åse');
  });
});

describe('who may not see a trainee', () => {
  it("never shows the trainee to another organisation's employer, on the page or in the export", async () => {
    const agent = await as(otherEmployer);
    const text = mainText((await agent.get('/employer')).text);
    expect(text).toContain('Ingen deltakere fra virksomheten har samtykket');
    expect(text).not.toContain('Åse');
    const csv = (await bytes(agent.get('/employer/export.csv'))).body as Buffer;
    expect(csv.toString('utf8')).not.toContain('Åse');
    expect(await count('employer_views', `viewer_id = ${otherEmployer.id}`)).toBe(0);
  });

  it('explains to an employer without an organisation why nobody is shown', async () => {
    const text = mainText((await (await as(homeless)).get('/employer')).text);
    expect(text).toContain('Kontoen din er ikke knyttet til en virksomhet');
  });

  it.each([
    ['a student', () => trainee],
    ['a supervisor', () => supervisor],
    ['a coordinator', () => coordinator],
  ])('answers %s with 404 on the employer pages', async (_who, person) => {
    const agent = await as(person());
    expect((await agent.get('/employer')).status).toBe(404);
    expect((await agent.get('/employer/export.csv')).status).toBe(404);
  });

  it.each([
    ['another student', () => otherStudent],
    ['the employer', () => employer],
    ['the supervisor', () => supervisor],
    ['the coordinator', () => coordinator],
  ])("answers %s with 404 on the student's consent page and form, and writes nothing", async (_who, person) => {
    const agent = await as(person());
    const before = await count('employer_consents');
    expect((await agent.get(`/enrolments/${decliningEnrolment}/consent`)).status).toBe(404);
    const token = csrfFrom((await agent.get('/')).text);
    for (const granted of ['yes', 'no']) {
      const res = await agent.post(`/enrolments/${decliningEnrolment}/consent`).type('form').send({ _csrf: token, granted, organisation: String(organisationId) });
      expect(res.status).toBe(404);
    }
    expect((await agent.post(`/enrolments/${traineeEnrolment}/consent`).type('form').send({ _csrf: token, granted: 'no' })).status).toBe(404);
    expect(await count('employer_consents')).toBe(before);
  });
});

describe('withdrawing and changing employer', () => {
  it('takes the trainee off the very next page and export, and stops logging', async () => {
    const agent = await decide(trainee, traineeEnrolment, 'no');
    expect(mainText((await agent.get(`/enrolments/${traineeEnrolment}/consent`)).text)).toContain('Du trakk tilbake samtykket for Ødegård bo- og aktivitetssenter');
    const views = await count('employer_views', `enrolment_id = ${traineeEnrolment}`);
    const employerAgent = await as(employer);
    const text = visible((await employerAgent.get('/employer')).text);
    expect(text).not.toContain('Åse');
    expect(text).toContain('=SUM(1;2) Lærling');
    expect(((await bytes(employerAgent.get('/employer/export.csv'))).body as Buffer).toString('utf8')).not.toContain('Åse');
    expect(await count('employer_views', `enrolment_id = ${traineeEnrolment}`)).toBe(views);
  });

  it('refuses a choice made on a page that showed an earlier employer', async () => {
    const agent = await as(trainee);
    const page = await agent.get(`/enrolments/${traineeEnrolment}/consent`);
    const before = await count('employer_consents');
    const res = await agent.post(`/enrolments/${traineeEnrolment}/consent`).type('form').send({ _csrf: csrfFrom(page.text), granted: 'yes', organisation: String(otherOrganisationId) });
    expect(res.status).toBe(409);
    expect(mainText(res.text)).toContain('Arbeidsgiveren din er endret siden du åpnet siden.');
    expect(await count('employer_consents')).toBe(before);
  });

  it('does not carry a consent over to a new employer, whichever part of the application moves the enrolment', async () => {
    await t.dataSource.query(`UPDATE enrolments SET employer_organisation_id = ${otherOrganisationId} WHERE id = ${formulaEnrolment}`);
    try {
      expect(mainText((await (await as(otherEmployer)).get('/employer')).text)).not.toContain('Lærling');
      expect(mainText((await (await as(employer)).get('/employer')).text)).not.toContain('Lærling');
      const text = mainText((await (await as(formula)).get(`/enrolments/${formulaEnrolment}/consent`)).text);
      expect(text).toContain('Samtykket ditt for Ødegård bo- og aktivitetssenter tok slutt da arbeidsgiveren din i kullet ble endret. Bergen kommune, rustjenesten ser ikke framdriften din før du gir samtykke.');
    } finally {
      await t.dataSource.query(`UPDATE enrolments SET employer_organisation_id = ${organisationId} WHERE id = ${formulaEnrolment}`);
    }
    expect(mainText((await (await as(employer)).get('/employer')).text)).not.toContain('Lærling');
  });
});

describe('a coordinator moving an enrolment to another employer', () => {
  let mover: Person, returner: Person;
  let moverEnrolment: number, returnerEnrolment: number;

  beforeAll(async () => {
    mover = await makeUser(t, ['student'], { name: 'Mona Flytter' });
    returner = await makeUser(t, ['student'], { name: 'Nils Tilbake' });
    const cohorts = t.app.get(CohortSetupService);
    moverEnrolment = (await cohorts.enrol({ cohortId, studentId: mover.id, supervisorIds: [supervisor.id], employerOrganisationId: organisationId })).id;
    returnerEnrolment = (await cohorts.enrol({ cohortId, studentId: returner.id, supervisorIds: [supervisor.id], employerOrganisationId: organisationId })).id;
  });

  /** The coordinator's own edit form, as a browser sends it. */
  async function moveTo(enrolmentId: number, organisation: number) {
    const agent = await as(coordinator);
    const page = await agent.get(`/enrolments/${enrolmentId}/edit`);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const form = new URLSearchParams({ _csrf: csrfFrom(page.text), version, supervisors: String(supervisor.id), employer: String(organisation) });
    const res = await agent.post(`/enrolments/${enrolmentId}/edit`).type('form').send(form.toString());
    expect(res.status).toBe(303);
  }

  /** Whether this employer finds the name on their page and in their export. */
  async function shown(person: Person, name: string) {
    const agent = await as(person);
    const page = visible((await agent.get('/employer')).text).includes(name);
    const csv = ((await bytes(agent.get('/employer/export.csv'))).body as Buffer).toString('utf8').includes(name);
    return { page, csv };
  }
  const nowhere = { page: false, csv: false };
  const everywhere = { page: true, csv: true };

  it('ends the consent: moving back does not show the trainee to the first employer again until the student grants anew', async () => {
    await decide(returner, returnerEnrolment, 'yes');
    expect(await shown(employer, 'Nils Tilbake')).toEqual(everywhere);

    await moveTo(returnerEnrolment, otherOrganisationId);
    expect(await shown(employer, 'Nils Tilbake')).toEqual(nowhere);
    expect(await shown(otherEmployer, 'Nils Tilbake')).toEqual(nowhere);

    await moveTo(returnerEnrolment, organisationId);
    expect(await shown(employer, 'Nils Tilbake')).toEqual(nowhere);
    const text = mainText((await (await as(returner)).get(`/enrolments/${returnerEnrolment}/consent`)).text);
    expect(text).toContain('Ikke samtykke');
    expect(text).toContain('Samtykket ditt for Ødegård bo- og aktivitetssenter tok slutt da arbeidsgiveren din i kullet ble endret');

    await decide(returner, returnerEnrolment, 'yes');
    expect(await shown(employer, 'Nils Tilbake')).toEqual(everywhere);
    expect(await count('employer_views', `enrolment_id = ${returnerEnrolment} AND organisation_id = ${otherOrganisationId}`)).toBe(0);
  });

  it("records the student's withdrawal after a move, and neither employer sees them until the student grants again", async () => {
    await decide(mover, moverEnrolment, 'yes');
    expect(await shown(employer, 'Mona Flytter')).toEqual(everywhere);

    await moveTo(moverEnrolment, otherOrganisationId);
    const before = await count('employer_consents', `enrolment_id = ${moverEnrolment}`);
    const agent = await decide(mover, moverEnrolment, 'no', otherOrganisationId);
    expect(await count('employer_consents', `enrolment_id = ${moverEnrolment}`)).toBe(before + 1);
    const text = mainText((await agent.get(`/enrolments/${moverEnrolment}/consent`)).text);
    expect(text).toContain('Samtykket er trukket tilbake.');
    expect(text).not.toContain('Valget ditt var allerede lagret.');
    expect(text).toContain('Du trakk tilbake samtykket for Bergen kommune, rustjenesten');

    await moveTo(moverEnrolment, organisationId);
    expect(await shown(employer, 'Mona Flytter')).toEqual(nowhere);
    expect(await shown(otherEmployer, 'Mona Flytter')).toEqual(nowhere);

    await decide(mover, moverEnrolment, 'yes');
    expect(await shown(employer, 'Mona Flytter')).toEqual(everywhere);
    expect(await shown(otherEmployer, 'Mona Flytter')).toEqual(nowhere);
    // The second employer never had a look at this trainee.
    expect(await count('employer_views', `enrolment_id = ${moverEnrolment} AND organisation_id = ${otherOrganisationId}`)).toBe(0);
  });

  it('answers a second grant while one holds as already saved, and stores nothing', async () => {
    const before = await count('employer_consents', `enrolment_id = ${moverEnrolment}`);
    const agent = await decide(mover, moverEnrolment, 'yes');
    expect(mainText((await agent.get(`/enrolments/${moverEnrolment}/consent`)).text)).toContain('Valget ditt var allerede lagret.');
    expect(await count('employer_consents', `enrolment_id = ${moverEnrolment}`)).toBe(before);
  });
});
