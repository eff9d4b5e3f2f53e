import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Response } from 'supertest';
import { AssignmentsService } from '../src/assignments/assignments.service';
import { AssignmentFeedback, AssignmentSubmission, SubmissionFile } from '../src/assignments/submission.entity';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addMonths, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import type { CurriculumVersion } from '../src/curricula/curriculum-version.entity';
import { LedgerService } from '../src/ledger/ledger.service';
import { docx, odt, pdf, png, windowsProgram, zip } from './support/documents';
import { browser, csrfFrom, makeUser, mainText, startTestApp, TestApp, signedIn } from './support/test-app';

let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
type Agent = ReturnType<typeof browser>;
let student: Person, otherStudent: Person, assessor: Person, secondSupervisor: Person, coordinator: Person, otherCoordinator: Person, employer: Person, esStudent: Person;
let enrolmentId: number;
let otherEnrolmentId: number;
let esEnrolmentId: number;
let mb: CurriculumVersion;
let es: CurriculumVersion;
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brobygger-uploads-'));
// Six months in: the proposal (due after 5 months) is overdue, the draft (10) and the final (11, a month before the programme ends) are not.
const start = addMonths(today(), -6);

beforeAll(async () => {
  // 1 MB, so a file over the limit stays small enough for a quick test.
  t = await startTestApp({ env: { UPLOAD_LIMIT_MB: '1', UPLOAD_DIR: uploadDir } });
  const organisation = await t.users.createOrganisation('Fjordvik DPS');
  student = await makeUser(t, ['student'], { name: 'Sara Student' });
  otherStudent = await makeUser(t, ['student'], { name: 'Olav Otherstudent' });
  assessor = await makeUser(t, ['supervisor'], { name: 'Anna Assessor' });
  secondSupervisor = await makeUser(t, ['supervisor'], { name: 'Siv Second' });
  coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Coordinator' });
  otherCoordinator = await makeUser(t, ['coordinator'], { name: 'Kjell Othercoordinator' });
  employer = await makeUser(t, ['employer'], { organisationId: organisation.id });
  esStudent = await makeUser(t, ['student'], { name: 'Erle Erfaringsskolen' });
  const curricula = t.app.get(CurriculaService);
  mb = curricula.getCurrent('mb-bergen');
  es = curricula.getCurrent('erfaringsskolen');
  const cohorts = t.app.get(CohortSetupService);
  const cohort = await cohorts.create({ name: 'MB-kullet', curriculumVersionId: mb.id, startDate: start, coordinatorIds: [coordinator.id] });
  await cohorts.create({ name: 'Et annet kull', curriculumVersionId: mb.id, startDate: start, coordinatorIds: [otherCoordinator.id] });
  enrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: student.id, supervisorIds: [assessor.id, secondSupervisor.id], employerOrganisationId: organisation.id })).id;
  otherEnrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: otherStudent.id, supervisorIds: [] })).id;
  const esCohort = await cohorts.create({ name: 'ES-kullet', curriculumVersionId: es.id, startDate: start, coordinatorIds: [coordinator.id] });
  esEnrolmentId = (await cohorts.enrol({ cohortId: esCohort.id, studentId: esStudent.id, supervisorIds: [assessor.id] })).id;
});

afterAll(async () => {
  await t.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const as = (user: { email: string }) => signedIn(t, user);

const page = (id = enrolmentId) => `/enrolments/${id}/assignment`;

/** Hands in a milestone as the form does: the token, the text, then the files. */
async function handIn(agent: Agent, milestone: string, text: string | undefined, files: [Buffer, string][] = [], token?: string): Promise<Response> {
  const csrf = token ?? csrfFrom((await agent.get(page())).text);
  let req = agent.post(`${page()}/${milestone}`).field('_csrf', csrf);
  if (text !== undefined) req = req.field('text', text);
  for (const [content, name] of files) req = req.attach('files', content, name);
  return req;
}

/** Decides on a version from the form the assessor sees, with the version number the form carries. */
async function decide(agent: Agent, submissionId: number, fields: { feedback?: string; decision?: string }): Promise<Response> {
  const html = (await agent.get(page())).text;
  const form = new RegExp(`action="/submissions/${submissionId}/feedback"[\\s\\S]*?name="version" value="(\\d+)"`).exec(html);
  if (!form) throw new Error(`No feedback form for submission ${submissionId}`);
  return agent
    .post(`/submissions/${submissionId}/feedback`)
    .type('form')
    .send({ _csrf: csrfFrom(html), version: form[1], ...fields });
}

async function download(agent: Agent, fileId: number): Promise<Response> {
  return agent
    .get(`/files/${fileId}`)
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
}

const versions = (milestoneKey: string, ofEnrolment = enrolmentId) =>
  t.dataSource.getRepository(AssignmentSubmission).find({ where: { enrolmentId: ofEnrolment, milestoneKey }, relations: { files: true }, order: { number: 'ASC', files: { id: 'ASC' } } });
const storedFiles = () => fs.readdirSync(uploadDir).sort();
const status = () => t.app.get(AssignmentsService).statusFor(enrolmentId, mb, start);
const writtenDate = (date: string) => new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
const decode = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

describe('statusFor', () => {
  it('lists the milestones with due dates from the cohort start; the proposal is overdue', async () => {
    expect(await status()).toEqual({
      required: true,
      approved: false,
      milestones: [
        { key: 'proposal', title: expect.objectContaining({ nb: 'Prosjektskisse' }), dueDate: addMonths(start, 5), overdue: true, state: 'not_submitted', versions: 0 },
        { key: 'draft', title: expect.objectContaining({ nb: 'Utkast' }), dueDate: addMonths(start, 10), overdue: false, state: 'not_submitted', versions: 0 },
        { key: 'final', title: expect.objectContaining({ nb: 'Endelig oppgave' }), dueDate: addMonths(start, 11), overdue: false, state: 'not_submitted', versions: 0 },
      ],
    });
  });

  it('says not required for Erfaringsskolen, which has no assignment', async () => {
    expect(await t.app.get(AssignmentsService).statusFor(esEnrolmentId, es, start)).toEqual({ required: false, approved: false, milestones: [] });
  });
});

describe('the student’s assignment page', () => {
  it('shows each milestone with its due date written out, its state and the overdue marker, and a form for each', async () => {
    const res = await (await as(student)).get(page());
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('error-summary');
    const text = mainText(res.text);
    expect(text).toContain(`Prosjektskisse ${writtenDate(addMonths(start, 5))} Ikke levert Forsinket`);
    expect(text).toContain(`Utkast ${writtenDate(addMonths(start, 10))} Ikke levert 0`);
    expect(text).toContain(`Forsinket – fristen var ${writtenDate(addMonths(start, 5))}`);
    expect(text).toContain('Kursansvarlige i kullet vurderer oppgaven.');
    for (const key of ['proposal', 'draft', 'final']) {
      expect(res.text).toContain(`action="/enrolments/${enrolmentId}/assignment/${key}" enctype="multipart/form-data"`);
      expect(res.text).toMatch(new RegExp(`<input type="file" id="files-${key}" name="files" multiple accept=".pdf,.docx,.odt"`));
      expect(res.text).toMatch(new RegExp(`<label for="text-${key}">`));
    }
    expect(res.text).not.toContain('/assessor"');
  });

  it('is in English for someone who chose English', async () => {
    const agent = await as(student);
    const token = csrfFrom((await agent.get(page())).text);
    await agent.post('/locale').type('form').send({ _csrf: token, locale: 'en', next: page() });
    try {
      const english = mainText((await agent.get(page())).text);
      expect(english).toContain(`Proposal ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${addMonths(start, 5)}T12:00:00Z`))} Not submitted Overdue`);
      expect(english).toContain('Submit the milestone');
      expect(english).toContain("The cohort's coordinators assess the assignment.");
    } finally {
      await agent.post('/locale').type('form').send({ _csrf: token, locale: 'nb', next: page() });
    }
  });
});

describe('a milestone from proposal to approval', () => {
  let first: AssignmentSubmission;
  let second: AssignmentSubmission;

  it('takes the proposal with text and files, stores the files under random names and records it in the ledger', async () => {
    const agent = await as(student);
    const before = storedFiles();
    const res = await handIn(agent, 'proposal', 'Min problemstilling handler om likepersonsarbeid.', [
      [pdf('skisse'), 'Prosjektskisse æøå.pdf'],
      [docx('kilder'), 'kilder.docx'],
    ]);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${page()}#milestone-proposal`);
    [first] = await versions('proposal');
    expect(first).toMatchObject({ number: 1, state: 'submitted', text: 'Min problemstilling handler om likepersonsarbeid.', submittedBy: student.id });
    expect(first.files!.map((f) => [f.originalName, f.mediaType, f.sizeBytes])).toEqual([
      ['Prosjektskisse æøå.pdf', 'application/pdf', pdf('skisse').length],
      ['kilder.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx('kilder').length],
    ]);
    const added = storedFiles().filter((name) => !before.includes(name));
    expect(added.sort()).toEqual(first.files!.map((f) => f.storedName).sort());
    for (const name of added) expect(name).toMatch(/^[0-9a-f]{32}$/);
    expect(fs.readFileSync(path.join(uploadDir, first.files![0].storedName)).equals(pdf('skisse'))).toBe(true);
    const records = await t.app.get(LedgerService).history('assignment_submission', first.id);
    expect(records.map((r) => r.action)).toEqual(['assignment.submit']);
    expect(records[0].payload).toMatchObject({ milestone: 'proposal', number: 1, files: [{ name: 'Prosjektskisse æøå.pdf' }, { name: 'kilder.docx' }] });

    const shown = mainText((await agent.get(res.headers.location)).text);
    expect(shown).toContain('Versjonen er levert.');
    expect(shown).toContain(`Prosjektskisse ${writtenDate(addMonths(start, 5))} Levert, venter på vurdering 1 Utkast`);
    expect(shown).not.toContain('Forsinket');
    expect(shown).not.toContain('Noe må rettes');
    expect(shown).toContain('Versjon 1 Levert, venter på vurdering Levert av Sara Student');
    expect((await status()).milestones[0]).toMatchObject({ state: 'submitted', overdue: false, versions: 1 });
  });

  it('refuses a second version while the first is waiting, with a clear message', async () => {
    const res = await handIn(await as(student), 'proposal', 'En ny tanke', [[pdf(), 'ny.pdf']]);
    expect(res.status).toBe(409);
    expect(mainText(res.text)).toContain('En versjon av delmålet venter allerede på vurdering.');
    expect(await versions('proposal')).toHaveLength(1);
  });

  it('lets a supervisor assess only once the coordinator names them', async () => {
    const supervisorAgent = await as(assessor);
    expect((await supervisorAgent.get(page())).status).toBe(404);

    const agent = await as(coordinator);
    const assignmentPage = await agent.get(page());
    expect(assignmentPage.text).toContain(`href="/enrolments/${enrolmentId}/assessor"`);
    const form = await agent.get(`/enrolments/${enrolmentId}/assessor`);
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('error-summary');
    expect(form.text).not.toMatch(/<title>Feil:/);
    expect(mainText(form.text)).toMatch(/Kursansvarlige alene[\s\S]*Anna Assessor \(praksisveileder\) sammen med kursansvarlige[\s\S]*Siv Second/);
    const version = /name="version" value="(\d+)"/.exec(form.text)![1];
    const unknown = await agent.post(`/enrolments/${enrolmentId}/assessor`).type('form').send({ _csrf: csrfFrom(form.text), version, assessor: String(otherStudent.id) });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toMatch(/id="assessor-error">[\s\S]*Velg en av deltakerens praksisveiledere/);
    const saved = await agent.post(`/enrolments/${enrolmentId}/assessor`).type('form').send({ _csrf: csrfFrom(form.text), version, assessor: String(assessor.id) });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(page());
    const stale = await agent.post(`/enrolments/${enrolmentId}/assessor`).type('form').send({ _csrf: csrfFrom(form.text), version, assessor: '' });
    expect(stale.status).toBe(409);

    const seen = await supervisorAgent.get(page());
    expect(seen.status).toBe(200);
    expect(mainText(seen.text)).toContain('Anna Assessor (praksisveileder) og kursansvarlige i kullet vurderer oppgaven.');
    expect(seen.text).toContain(`action="/submissions/${first.id}/feedback"`);
    expect(seen.text).not.toContain('enctype="multipart/form-data"');
    expect((await (await as(secondSupervisor)).get(page())).status).toBe(404);
  });

  it('refuses feedback without text or without a decision, keeping what was typed', async () => {
    const agent = await as(assessor);
    const noText = await decide(agent, first.id, { feedback: '  ', decision: 'revision_requested' });
    expect(noText.status).toBe(400);
    expect(noText.text).toMatch(new RegExp(`id="feedback-${first.id}-error">[\\s\\S]*Skriv en tilbakemelding\\.`));
    expect(noText.text).toMatch(/value="revision_requested" checked/);
    const noDecision = await decide(agent, first.id, { feedback: 'Godt begynt, men avgrens temaet.' });
    expect(noDecision.status).toBe(400);
    expect(noDecision.text).toMatch(new RegExp(`id="decision-${first.id}-error">[\\s\\S]*Velg om du godkjenner eller ber om en ny versjon\\.`));
    expect(noDecision.text).toContain('Godt begynt, men avgrens temaet.</textarea>');
    expect((await versions('proposal'))[0].state).toBe('submitted');
  });

  it('asks for a revision with written feedback; the student sees it and hands in version 2', async () => {
    const res = await decide(await as(assessor), first.id, { feedback: 'Godt begynt, men avgrens temaet.', decision: 'revision_requested' });
    expect(res.status).toBe(303);
    expect((await versions('proposal'))[0].state).toBe('revision_requested');
    expect((await t.app.get(LedgerService).history('assignment_submission', first.id)).map((r) => r.action)).toEqual(['assignment.submit', 'assignment.revision']);

    const agent = await as(student);
    const seen = mainText((await agent.get(page())).text);
    expect(seen).toContain('Anna Assessor ber om en ny versjon');
    expect(seen).toContain('Godt begynt, men avgrens temaet.');
    expect(seen).toContain('Lever versjon 2');
    expect(seen).toContain(`Prosjektskisse ${writtenDate(addMonths(start, 5))} Ny versjon ønsket Forsinket 1`);

    const next = await handIn(agent, 'proposal', 'Avgrenset: likepersoner i akuttpsykiatrien.', [[odt('versjon 2'), 'skisse-v2.odt']]);
    expect(next.status).toBe(303);
    [, second] = await versions('proposal');
    expect(second).toMatchObject({ number: 2, state: 'submitted' });
  });

  it('approves version 2 as the coordinator; the milestone is done and cannot be handed in again', async () => {
    expect((await decide(await as(coordinator), second.id, { feedback: 'Godkjent. Fin avgrensning.', decision: 'approved' })).status).toBe(303);
    expect((await versions('proposal')).map((v) => v.state)).toEqual(['revision_requested', 'approved']);
    expect((await status()).milestones[0]).toMatchObject({ state: 'approved', overdue: false, versions: 2 });
    const feedback = await t.dataSource.getRepository(AssignmentFeedback).find({ order: { id: 'ASC' } });
    expect(feedback.map((f) => [f.submissionId, f.decision, f.assessorId])).toEqual([
      [first.id, 'revision_requested', assessor.id],
      [second.id, 'approved', coordinator.id],
    ]);

    const agent = await as(student);
    const shown = mainText((await agent.get(page())).text);
    expect(shown).toMatch(/Versjon 1 Ny versjon ønsket[\s\S]*Godt begynt[\s\S]*Versjon 2 Godkjent[\s\S]*Godkjent av Kari Coordinator[\s\S]*Godkjent\. Fin avgrensning\./);
    expect(shown).not.toContain('Lever versjon 3');
    const again = await handIn(agent, 'proposal', 'Enda en', [], csrfFrom((await agent.get('/')).text));
    expect(again.status).toBe(409);
    expect(mainText(again.text)).toContain('Delmålet er allerede godkjent.');
    expect(await versions('proposal')).toHaveLength(2);
  });

  it('refuses feedback on a version that is already decided, and on an older version', async () => {
    const agent = await as(coordinator);
    const token = csrfFrom((await agent.get(page())).text);
    for (const id of [first.id, second.id]) {
      const res = await agent.post(`/submissions/${id}/feedback`).type('form').send({ _csrf: token, version: '1', feedback: 'Ombestemt', decision: 'approved' });
      expect(res.status).toBe(409);
      expect(mainText(res.text)).toContain('Denne versjonen er allerede vurdert');
    }
    expect(await t.dataSource.getRepository(AssignmentFeedback).count()).toBe(2);
  });

  it('keeps every version downloadable, with the exact bytes and download headers', async () => {
    const expected: [Buffer, string, string][] = [
      [pdf('skisse'), 'application/pdf', "filename*=UTF-8''Prosjektskisse%20%C3%A6%C3%B8%C3%A5.pdf"],
      [docx('kilder'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', "filename*=UTF-8''kilder.docx"],
      [odt('versjon 2'), 'application/vnd.oasis.opendocument.text', "filename*=UTF-8''skisse-v2.odt"],
    ];
    const files = (await versions('proposal')).flatMap((v) => v.files!);
    expect(files).toHaveLength(3);
    for (const person of [student, assessor, coordinator]) {
      const agent = await as(person);
      const html = (await agent.get(page())).text;
      for (const [i, file] of files.entries()) {
        expect(html).toContain(`href="/files/${file.id}" download`);
        const res = await download(agent, file.id);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe(expected[i][1]);
        expect(res.headers['content-disposition']).toMatch(/^attachment;/);
        expect(res.headers['content-disposition']).toContain(expected[i][2]);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(Buffer.compare(res.body as Buffer, expected[i][0])).toBe(0);
      }
    }
  });
});

describe('bad hand-ins are refused with a clear message and the text kept', () => {
  const typed = 'Utkastet mitt om brukermedvirkning – med æøå.';

  it.each([
    ['nothing at all', undefined, [], 'text-draft', 'Skriv en tekst eller legg ved minst én fil.'],
    ['only blank text', '   \n  ', [], 'text-draft', 'Skriv en tekst eller legg ved minst én fil.'],
    ['a program renamed to .pdf', typed, [[windowsProgram(), 'utkast.pdf']], 'files-draft', '«utkast.pdf» er ikke en PDF-, DOCX- eller ODT-fil.'],
    ['a PNG picture', typed, [[png(), 'bilde.png']], 'files-draft', '«bilde.png» er ikke en PDF-, DOCX- eller ODT-fil.'],
    ['a plain ZIP', typed, [[zip([['a.txt', 'hei']]), 'utkast.docx']], 'files-draft', '«utkast.docx» er ikke en PDF-, DOCX- eller ODT-fil.'],
    ['a DOCX named .pdf', typed, [[docx(), 'utkast.pdf']], 'files-draft', '«utkast.pdf» er en DOCX-fil, men navnet slutter ikke på .docx.'],
    ['a good file next to a bad one', typed, [[pdf(), 'utkast.pdf'], [windowsProgram(), 'setup.odt']], 'files-draft', '«setup.odt» er ikke en PDF-, DOCX- eller ODT-fil.'],
    ['a file over the limit', typed, [[Buffer.concat([pdf(), Buffer.alloc(1024 * 1024 + 10)]), 'stor.pdf']], 'files-draft', 'En av filene er større enn 1 MB.'],
    ['six files', typed, Array.from({ length: 6 }, (_, i) => [pdf(), `del-${i}.pdf`]), 'files-draft', 'Legg ved høyst 5 filer.'],
  ] as [string, string | undefined, [Buffer, string][], string, string][])('refuses %s', async (_what, text, files, field, message) => {
    const agent = await as(student);
    const before = storedFiles();
    const res = await handIn(agent, 'draft', text, files);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(decode(res.text)).toMatch(new RegExp(`id="${field}-error"><span class="visually-hidden">Feil:</span> ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(res.text).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
    expect(res.text).toContain(`<a href="#${field}">`);
    if (text?.trim()) expect(decode(res.text)).toContain(`${typed}</textarea>`);
    if (files.length) expect(mainText(res.text)).toContain('Velg dem på nytt før du leverer.');
    expect(await versions('draft')).toHaveLength(0);
    expect(storedFiles()).toEqual(before);
  });

  it('checks the CSRF token in the multipart form like in any other form', async () => {
    const agent = await as(student);
    const res = await agent.post(`${page()}/draft`).field('_csrf', 'forged').field('text', typed).attach('files', pdf(), 'utkast.pdf');
    expect(res.status).toBe(403);
    const noToken = await agent.post(`${page()}/draft`).field('text', typed);
    expect(noToken.status).toBe(403);
    expect(await versions('draft')).toHaveLength(0);
  });

  it('warns of an e-mail address or phone number in the text, keeps it all, and takes it once the student confirms', async () => {
    // The other student's enrolment, so the milestones the tests below walk through stay untouched.
    const agent = await as(otherStudent);
    const form = (await agent.get(page(otherEnrolmentId))).text;
    const cited = 'Kilden er Mental Helse, hjelpetelefonen 116 123, og postmottak@example.no.';
    const warned = await agent.post(`${page(otherEnrolmentId)}/draft`).field('_csrf', csrfFrom(form)).field('text', cited).attach('files', pdf(), 'utkast.pdf');
    expect(warned.status).toBe(400);
    expect(decode(warned.text)).toContain('id="text-draft-error"><span class="visually-hidden">Feil:</span> Teksten ser ut til å inneholde en e-postadresse.');
    expect(decode(warned.text)).toContain(`${cited}</textarea>`);
    expect(mainText(warned.text)).toContain('Velg dem på nytt før du leverer.');
    expect(warned.text).toContain('name="detailsChecked" value="yes"');
    expect(await versions('draft', otherEnrolmentId)).toHaveLength(0);

    const confirmed = await agent.post(`${page(otherEnrolmentId)}/draft`).field('_csrf', csrfFrom(warned.text)).field('text', cited).field('detailsChecked', 'yes');
    expect(confirmed.status).toBe(303);
    expect((await versions('draft', otherEnrolmentId))[0]).toMatchObject({ text: cited });
  });

  it('takes text alone, and a file alone', async () => {
    const agent = await as(student);
    expect((await handIn(agent, 'draft', typed)).status).toBe(303);
    expect((await handIn(agent, 'final', undefined, [[odt(), 'endelig.odt']])).status).toBe(303);
    expect((await versions('draft'))[0]).toMatchObject({ text: typed, files: [] });
    expect((await versions('final'))[0]).toMatchObject({ text: '', files: [expect.objectContaining({ originalName: 'endelig.odt' })] });
  });
});

describe('who may not see or touch the assignment', () => {
  let submissionId: number;
  let fileId: number;

  beforeAll(async () => {
    const [proposal] = await versions('proposal');
    fileId = proposal.files![0].id;
    submissionId = (await versions('final'))[0].id;
  });

  async function counts() {
    return {
      submissions: await t.dataSource.getRepository(AssignmentSubmission).count(),
      files: await t.dataSource.getRepository(SubmissionFile).count(),
      feedback: await t.dataSource.getRepository(AssignmentFeedback).count(),
      stored: storedFiles().length,
      states: (await versions('final')).map((v) => v.state),
      assessor: (await t.dataSource.query(`SELECT assessor_id FROM enrolments WHERE id = ${enrolmentId}`))[0].assessor_id,
    };
  }

  it.each([
    ['another student', () => otherStudent],
    ['a supervisor of the student who is not the named assessor', () => secondSupervisor],
    ['a coordinator of another cohort', () => otherCoordinator],
    ['the employer', () => employer],
  ])('answers %s with 404 everywhere and writes nothing', async (_who, person) => {
    const before = await counts();
    const agent = await as(person());
    for (const path of [page(), `/enrolments/${enrolmentId}/assessor`, `/files/${fileId}`]) {
      expect([path, (await agent.get(path)).status]).toEqual([path, 404]);
    }
    const token = csrfFrom((await agent.get('/')).text);
    const hand = await handIn(agent, 'draft', 'Inntrenger', [[pdf(), 'x.pdf']], token);
    expect(hand.status).toBe(404);
    const feedback = await agent.post(`/submissions/${submissionId}/feedback`).type('form').send({ _csrf: token, version: '1', feedback: 'Inntrenger', decision: 'approved' });
    expect(feedback.status).toBe(404);
    const naming = await agent.post(`/enrolments/${enrolmentId}/assessor`).type('form').send({ _csrf: token, version: '1', assessor: '' });
    expect(naming.status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('does not let the student assess or name the assessor, nor the assessor hand in', async () => {
    const before = await counts();
    const studentAgent = await as(student);
    const token = csrfFrom((await studentAgent.get(page())).text);
    expect((await studentAgent.post(`/submissions/${submissionId}/feedback`).type('form').send({ _csrf: token, version: '1', feedback: 'Selv', decision: 'approved' })).status).toBe(404);
    expect((await studentAgent.get(`/enrolments/${enrolmentId}/assessor`)).status).toBe(404);
    const assessorAgent = await as(assessor);
    expect((await handIn(assessorAgent, 'draft', 'Skrevet av veileder', [])).status).toBe(404);
    expect((await assessorAgent.get(`/enrolments/${enrolmentId}/assessor`)).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("keeps another student's assignment closed to this student", async () => {
    const agent = await as(student);
    expect((await agent.get(page(otherEnrolmentId))).status).toBe(404);
  });

  it('answers 404 for an Erfaringsskolen enrolment, which has no assignment', async () => {
    for (const person of [esStudent, coordinator, assessor]) {
      const agent = await as(person);
      expect((await agent.get(page(esEnrolmentId))).status).toBe(404);
      expect((await agent.get(`/enrolments/${esEnrolmentId}/assessor`)).status).toBe(404);
    }
    const agent = await as(esStudent);
    const token = csrfFrom((await agent.get('/')).text);
    const res = await agent.post(`${page(esEnrolmentId)}/proposal`).field('_csrf', token).field('text', 'Hei');
    expect(res.status).toBe(404);
  });

  it('sends someone signed out to sign in, and never reads their upload', async () => {
    const res = await browser(t).get(`/files/${fileId}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
    const before = await counts();
    const upload = await browser(t).post(`${page()}/draft`).field('_csrf', 'none').field('text', 'Hei').attach('files', pdf(), 'x.pdf');
    expect(upload.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for a file or version that does not exist', async () => {
    const agent = await as(coordinator);
    expect((await agent.get('/files/999999')).status).toBe(404);
    const token = csrfFrom((await agent.get(page())).text);
    expect((await agent.post('/submissions/999999/feedback').type('form').send({ _csrf: token, feedback: 'x', decision: 'approved', version: '1' })).status).toBe(404);
  });
});

describe('two hand-ins at the same moment', () => {
  it('takes exactly one and tells the other that a version is already waiting', async () => {
    const agent = await as(student);
    // The final milestone has a version waiting; send it back so a new one may come.
    const [final] = await versions('final');
    expect((await decide(await as(coordinator), final.id, { feedback: 'Mangler litteraturliste.', decision: 'revision_requested' })).status).toBe(303);
    const token = csrfFrom((await agent.get(page())).text);
    const results = await Promise.all([1, 2, 3].map((n) => handIn(agent, 'final', `Samtidig ${n}`, [[pdf(`samtidig ${n}`), `endelig-${n}.pdf`]], token)));
    expect(results.map((r) => r.status).sort()).toEqual([303, 409, 409]);
    for (const refused of results.filter((r) => r.status === 409)) expect(mainText(refused.text)).toContain('En versjon av delmålet venter allerede på vurdering.');
    const all = await versions('final');
    expect(all.map((v) => [v.number, v.state])).toEqual([
      [1, 'revision_requested'],
      [2, 'submitted'],
    ]);
    // The refused hand-ins left no files behind.
    const known = (await t.dataSource.getRepository(SubmissionFile).find()).map((f) => f.storedName).sort();
    expect(storedFiles()).toEqual(known);
    expect((await t.app.get(LedgerService).verify()).ok).toBe(true);
  });
});
