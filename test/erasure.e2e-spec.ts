import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import { AuditService } from '../src/audit/audit.service';
import { runCommand } from '../src/cli/commands';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addDays, addMonths, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import type { CurriculumVersion } from '../src/curricula/curriculum-version.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { LedgerService } from '../src/ledger/ledger.service';
import { pdf } from './support/documents';
import { browser, csrfFrom, makeUser, mainText, PASSWORD, startTestApp, TestApp, signedIn } from './support/test-app';

type Person = Awaited<ReturnType<typeof makeUser>>;
type Agent = ReturnType<typeof browser>;

const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brobygger-erasure-'));
let t: TestApp;
let es: CurriculumVersion, mb: CurriculumVersion;
let student: Person, otherStudent: Person, supervisor: Person, coordinator: Person, admin: Person;
let esEnrolment: number, mbEnrolment: number;
let organisationId: number;
let certificateCode: string;

// What the student is, and wrote: each must be gone from every table and file after the erasure.
const NAME = 'Quillon Vexmarsh';
const EMAIL = 'quillon.vexmarsh@eksempel.test';
const TEXTS = {
  privateReflection: 'Zephyrtext private: the winter I stopped drinking',
  sharedReflection: 'Zephyrtext shared: hope came back slowly',
  approvedEntry: 'Kestrelword approved: led a recovery group',
  returnedEntry: 'Kestrelword returned: sat in on a meeting',
  entryReflection: 'Kestrelword reflection: my own story helped',
  returnComment: 'Marmotcomment: tell more about your role',
  handIn: 'Ocelotword proposal: peer work in rural services',
  attachment: 'Ocelotfile attachment content',
  feedback: 'Ocelotfeedback: narrow the question',
};
const NEEDLES = [NAME, EMAIL, ...Object.values(TEXTS)];

const as = (user: { email: string }) => signedIn(t, user);
const sql = (text: string, params: unknown[] = []) => t.dataSource.query(t.dataSource.options.type === 'postgres' ? text : text.replace(/\$\d+/g, '?'), params);
const quote = (name: string) => `"${name}"`;

/** Every text column of every table, from the database's own catalogue. */
async function textColumns(): Promise<{ table: string; column: string }[]> {
  if (t.dataSource.options.type === 'postgres') {
    return sql("SELECT table_name AS \"table\", column_name AS \"column\" FROM information_schema.columns WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character')");
  }
  const tables = (await sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) as { name: string }[];
  const columns: { table: string; column: string }[] = [];
  for (const { name } of tables) {
    for (const column of (await sql(`PRAGMA table_info(${quote(name)})`)) as { name: string; type: string }[]) {
      if (/char|text|clob/i.test(column.type)) columns.push({ table: name, column: column.name });
    }
  }
  return columns;
}

/** Where any of the needles is found: "table.column" in the database, or a file under the upload directory. */
async function findings(needles: string[]): Promise<string[]> {
  const found: string[] = [];
  const columns = await textColumns();
  expect(columns.length).toBeGreaterThan(40);
  for (const { table, column } of columns) {
    for (const needle of needles) {
      const [{ n }] = (await sql(`SELECT COUNT(*) AS n FROM ${quote(table)} WHERE lower(${quote(column)}) LIKE $1`, [`%${needle.toLowerCase()}%`])) as { n: number | string }[];
      if (Number(n) > 0) found.push(`${table}.${column}: ${needle}`);
    }
  }
  for (const file of filesUnder(uploadDir)) {
    const content = fs.readFileSync(file, 'latin1').toLowerCase();
    for (const needle of needles) if (content.includes(needle.toLowerCase())) found.push(`file ${path.relative(uploadDir, file)}: ${needle}`);
  }
  return found;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, streams: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), stdin: async () => '' } };
}

async function logEntry(agent: Agent, fields: Record<string, string | string[]>): Promise<number> {
  const page = await agent.get(`/enrolments/${esEnrolment}/practice/new`);
  const params = new URLSearchParams();
  const all = { _csrf: csrfFrom(page.text), date: addDays(today(), -30), hours: '2', placement: String(organisationId), category: es.content.practice.categories[0].key, action: 'submit', ...fields };
  for (const [key, value] of Object.entries(all)) for (const v of ([] as string[]).concat(value)) params.append(key, v);
  const res = await agent.post(`/enrolments/${esEnrolment}/practice`).type('form').send(params.toString());
  if (res.status !== 303) throw new Error(`Logging failed with ${res.status}: ${/field__error[^>]*>([^<]*<[^>]*>[^<]*<\/span>)?([^<]*)/.exec(res.text)?.[2]}`);
  return Number(res.headers.location.split('/').pop());
}

async function reflect(agent: Agent, moduleKey: string, promptKey: string, text: string): Promise<void> {
  const page = await agent.get(`/enrolments/${esEnrolment}/modules/${moduleKey}/reflections/${promptKey}/new`);
  const res = await agent.post(`/enrolments/${esEnrolment}/reflections`).type('form').send(`_csrf=${csrfFrom(page.text)}&module=${moduleKey}&prompt=${promptKey}&text=${encodeURIComponent(text)}&themes=chime.hope`);
  if (res.status !== 303) throw new Error(`Reflection failed with ${res.status}: ${mainText(res.text).slice(0, 300)}`);
}

/** Everything Erfaringsskolen asks for, written straight in, so the coordinator can issue a certificate. */
async function complete(enrolmentId: number) {
  for (const module of es.content.modules) {
    for (const lesson of module.lessons) await sql('INSERT INTO lesson_progress (enrolment_id, module_key, lesson_key) VALUES ($1, $2, $3)', [enrolmentId, module.key, lesson.key]);
    if (module.signOff) await sql("INSERT INTO module_signoffs (enrolment_id, module_key, decision, decided_by) VALUES ($1, $2, 'signed_off', $3)", [enrolmentId, module.key, coordinator.id]);
  }
  // Each category's minimum, and the rest of the required hours in the first, a day of at most 8 hours an entry.
  const { categories, requiredHours } = es.content.practice;
  const minimums = categories.map((c) => (c.minimumHours ?? 0) * 4);
  minimums[0] += Math.max(0, requiredHours * 4 - minimums.reduce((sum, q) => sum + q, 0));
  let day = 0;
  for (const [index, quarters] of minimums.entries()) {
    for (let left = quarters; left > 0; left -= 32) {
      await sql("INSERT INTO practice_entries (enrolment_id, date, quarter_hours, placement_id, category, description, state) VALUES ($1, $2, $3, $4, $5, 'Praksis', 'approved')", [
        enrolmentId, addDays(today(), -100 + day++), Math.min(32, left), organisationId, categories[index].key,
      ]);
    }
  }
  const days = (await sql('SELECT id FROM teaching_days WHERE cohort_id = (SELECT cohort_id FROM enrolments WHERE id = $1)', [enrolmentId])) as { id: number }[];
  for (const day of days) await sql("INSERT INTO attendance_records (teaching_day_id, enrolment_id, status, recorded_by) VALUES ($1, $2, 'present', $3)", [day.id, enrolmentId, coordinator.id]);
}

beforeAll(async () => {
  t = await startTestApp({ env: { UPLOAD_DIR: uploadDir, RETENTION_MONTHS: '12' } });
  organisationId = (await t.users.createOrganisation('Fjordvik DPS', { kind: 'both' })).id;
  student = await makeUser(t, ['student'], { name: NAME, email: EMAIL });
  otherStudent = await makeUser(t, ['student']);
  supervisor = await makeUser(t, ['supervisor']);
  coordinator = await makeUser(t, ['coordinator']);
  admin = await makeUser(t, ['admin']);
  const curricula = t.app.get(CurriculaService);
  es = curricula.getCurrent('erfaringsskolen');
  mb = curricula.getCurrent('mb-bergen');
  const cohorts = t.app.get(CohortSetupService);
  const esCohort = await cohorts.create({ name: 'Vårkullet', curriculumVersionId: es.id, startDate: addDays(today(), -120), coordinatorIds: [coordinator.id] });
  const mbCohort = await cohorts.create({ name: 'MB-kullet', curriculumVersionId: mb.id, startDate: addMonths(today(), -6), coordinatorIds: [coordinator.id] });
  esEnrolment = (await cohorts.enrol({ cohortId: esCohort.id, studentId: student.id, supervisorIds: [supervisor.id], employerOrganisationId: organisationId })).id;
  mbEnrolment = (await cohorts.enrol({ cohortId: mbCohort.id, studentId: student.id, supervisorIds: [supervisor.id], employerOrganisationId: organisationId })).id;
  await cohorts.enrol({ cohortId: esCohort.id, studentId: otherStudent.id, supervisorIds: [supervisor.id] });
  await seed();
}, 120_000);

afterAll(async () => {
  await t.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

/** The student's year, through the pages: reflections, entries approved and returned, a hand-in with feedback, consent, a certificate, mail. */
async function seed() {
  const mine = await as(student);
  const signOff = es.content.modules.find((m) => m.reflections.length > 0)!;
  const prompts = es.content.modules.flatMap((m) => m.reflections.map((r) => ({ module: m.key, prompt: r.key })));
  await reflect(mine, prompts[0].module, prompts[0].prompt, TEXTS.privateReflection);
  await reflect(mine, prompts[1].module, prompts[1].prompt, TEXTS.sharedReflection);
  const list = await mine.get(`/enrolments/${esEnrolment}/reflections`);
  const shared = [...list.text.matchAll(/id="reflection-(\d+)"/g)].map((m) => m[1]);
  expect(shared.length).toBe(2);
  await mine.post(`/reflections/${shared[shared.length - 1]}/share`).type('form').send({ _csrf: csrfFrom(list.text), back: 'list' });
  expect(signOff).toBeDefined();

  const approved = await logEntry(mine, { description: TEXTS.approvedEntry, reflection: TEXTS.entryReflection, themes: 'chime.hope', shareReflection: 'yes' });
  const returned = await logEntry(mine, { description: TEXTS.returnedEntry, date: addDays(today(), -31) });
  const theirs = await as(supervisor);
  const entryPage = await theirs.get(`/practice/${approved}`);
  expect((await theirs.post(`/practice/${approved}/approve`).type('form').send({ _csrf: csrfFrom(entryPage.text) })).status).toBe(303);
  expect((await theirs.post(`/practice/${returned}/return`).type('form').send({ _csrf: csrfFrom(entryPage.text), comment: TEXTS.returnComment })).status).toBe(303);

  const assignment = await mine.get(`/enrolments/${mbEnrolment}/assignment`);
  const handIn = await mine
    .post(`/enrolments/${mbEnrolment}/assignment/proposal`)
    .field('_csrf', csrfFrom(assignment.text))
    .field('text', TEXTS.handIn)
    .attach('files', pdf(TEXTS.attachment), `${NAME} proposal.pdf`);
  expect(handIn.status).toBe(303);
  // The cohort's coordinators assess when no supervisor was named to.
  const coordinating = await as(coordinator);
  const assessed = await coordinating.get(`/enrolments/${mbEnrolment}/assignment`);
  const form = /action="\/submissions\/(\d+)\/feedback"[\s\S]*?name="version" value="(\d+)"/.exec(assessed.text)!;
  const feedback = await coordinating.post(`/submissions/${form[1]}/feedback`).type('form').send({ _csrf: csrfFrom(assessed.text), version: form[2], feedback: TEXTS.feedback, decision: 'revision_requested' });
  expect(feedback.status).toBe(303);

  const consent = await mine.get(`/enrolments/${esEnrolment}/consent`);
  expect((await mine.post(`/enrolments/${esEnrolment}/consent`).type('form').send({ _csrf: csrfFrom(consent.text), granted: 'yes', organisation: String(organisationId) })).status).toBe(303);

  await complete(esEnrolment);
  const completion = await coordinating.get(`/enrolments/${esEnrolment}/completion`);
  const issued = await coordinating.post(`/enrolments/${esEnrolment}/certificate`).type('form').send({ _csrf: csrfFrom(completion.text) });
  expect(issued.status).toBe(303);
  certificateCode = /<code>([A-Za-z0-9_-]+)<\/code>/.exec((await coordinating.get(issued.headers.location)).text)![1];

  // A link to the single sign-on provider, made when an invitation is accepted there.
  await sql('INSERT INTO sign_in_links (user_id, issuer, subject) VALUES ($1, $2, $3)', [student.id, 'https://idp.example.test', 'subject-of-the-student']);
  // A second factor with its recovery codes.
  // Being enrolled (no first code yet), so the student still signs in with the password alone in the tests below.
  await sql('INSERT INTO second_factors (user_id, secret) VALUES ($1, $2)', [student.id, 'v1.sealed-secret']);
  await sql('INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)', [student.id, 'e'.repeat(64)]);

  // A forgotten password (mail and a reset link) and a mistyped one (counted by address).
  const visitor = browser(t);
  const forgot = await visitor.get('/forgot-password');
  await visitor.post('/forgot-password').type('form').send({ _csrf: csrfFrom(forgot.text), email: EMAIL });
  const login = await visitor.get('/login');
  await visitor.post('/login').type('form').send({ _csrf: csrfFrom(login.text), email: EMAIL, password: 'not the password' });
}

/** The person's own erasure page, and the request made from it with this password. */
async function askForErasure(agent: Agent, password: string) {
  const page = await agent.get('/profile/erasure');
  return agent.post('/profile/erasure').type('form').send({ _csrf: csrfFrom(page.text), password });
}

async function waitingRequestOf(userId: number): Promise<number | undefined> {
  const rows = (await sql("SELECT id FROM erasure_requests WHERE user_id = $1 AND state = 'requested'", [userId])) as { id: number }[];
  return rows[0] ? Number(rows[0].id) : undefined;
}

async function auditKinds(subjectId: number): Promise<{ kind: string; actor_id: number | null; detail: string | null }[]> {
  return sql("SELECT kind, actor_id, detail FROM audit_events WHERE subject_id = $1 AND kind LIKE 'erasure%' ORDER BY id", [subjectId]);
}

describe('before the erasure', () => {
  it('finds the student’s name, address and every text in the tables and the attachment on disk, so the scan can see them', async () => {
    const found = await findings(NEEDLES);
    for (const place of ['users.name', 'users.email', 'reflections.text', 'practice_entries.description', 'practice_entries.reflection', 'practice_entries.return_comment', 'assignment_submissions.text', 'assignment_feedback.text', 'submission_files.original_name', 'certificates.student_name', 'ledger_records.payload', 'notifications.data', 'mail_outbox.to_address', 'login_throttle.key']) {
      expect(found.some((f) => f.startsWith(`${place}:`))).toBe(true);
    }
    expect(found.some((f) => f.startsWith('file ') && f.endsWith(TEXTS.attachment))).toBe(true);
    for (const needle of NEEDLES) expect(found.some((f) => f.endsWith(`: ${needle}`))).toBe(true);
  });

  it('shows the person what is removed and what is kept, linked from their profile', async () => {
    const agent = await as(student);
    expect((await agent.get('/profile')).text).toContain('href="/profile/erasure"');
    const text = mainText((await agent.get('/profile/erasure')).text);
    expect(text).toContain('Dette slettes');
    expect(text).toContain('Dette beholdes, uten navnet ditt');
    expect(text).toContain('Passordet ditt');
  });
});

describe('refusals', () => {
  it('keeps the administrators’ pages from everyone else, as pages that do not exist', async () => {
    const id = await (async () => {
      const agent = await as(otherStudent);
      expect((await askForErasure(agent, PASSWORD)).status).toBe(303);
      return (await waitingRequestOf(otherStudent.id))!;
    })();
    for (const person of [student, supervisor, coordinator]) {
      const agent = await as(person);
      const token = await agent.token('/profile');
      for (const address of ['/erasure-requests', `/erasure-requests/${id}`, `/erasure-requests/people/${otherStudent.id}`]) expect((await agent.get(address)).status).toBe(404);
      expect((await agent.post(`/erasure-requests/${id}/confirm`).type('form').send({ _csrf: token })).status).toBe(404);
      expect((await agent.post(`/erasure-requests/${id}/cancel`).type('form').send({ _csrf: token })).status).toBe(404);
      expect((await agent.post(`/erasure-requests/people/${student.id}`).type('form').send({ _csrf: token })).status).toBe(404);
    }
    expect(await waitingRequestOf(student.id)).toBeUndefined();
    expect(await waitingRequestOf(otherStudent.id)).toBe(id);
    const [user] = (await sql('SELECT name FROM users WHERE id = $1', [otherStudent.id])) as { name: string }[];
    expect(user.name).toBe(otherStudent.name);
    // The other student withdraws; nothing was erased.
    const agent = await as(otherStudent);
    const page = await agent.get('/profile/erasure');
    expect((await agent.post('/profile/erasure/cancel').type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(303);
  });

  it('refuses a wrong or missing password beside the field, and opens no request', async () => {
    const agent = await as(student);
    const wrong = await askForErasure(agent, 'not my password at all');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/id="password-error"[^>]*>[\s\S]*Passordet stemmer ikke\./);
    expect(wrong.text).toContain('aria-invalid="true"');
    const empty = await askForErasure(agent, '');
    expect(empty.status).toBe(400);
    expect(mainText(empty.text)).toContain('Skriv passordet ditt.');
    expect(await waitingRequestOf(student.id)).toBeUndefined();
  });
});

describe('a request the person withdraws', () => {
  it('waits, is listed for the administrators, and is gone when withdrawn, with both acts in the audit log', async () => {
    const agent = await as(student);
    const res = await askForErasure(agent, PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/profile/erasure');
    const page = await agent.get('/profile/erasure');
    expect(mainText(page.text)).toContain('Den venter på at en administrator bekrefter.');
    const administrators = await as(admin);
    expect(mainText((await administrators.get('/erasure-requests')).text)).toContain(NAME);

    await agent.post('/profile/erasure/cancel').type('form').send({ _csrf: csrfFrom(page.text) });
    expect(mainText((await agent.get('/profile/erasure')).text)).toContain('Forespørselen er trukket tilbake. Ingenting er slettet.');
    expect(await waitingRequestOf(student.id)).toBeUndefined();
    expect(mainText((await administrators.get('/erasure-requests')).text)).toContain('Ingen forespørsler venter.');
    expect((await auditKinds(student.id)).map((e) => [e.kind, Number(e.actor_id)])).toEqual([
      ['erasure_requested', student.id],
      ['erasure_cancelled', student.id],
    ]);
    expect((await findings([NAME])).length).toBeGreaterThan(0);
  });
});

describe('the erasure, asked for by the student and confirmed by an administrator', () => {
  let recordsBefore: number;

  it('is confirmed by the administrator, not by the student', async () => {
    recordsBefore = (await t.app.get(LedgerService).verify()).count;
    const agent = await as(student);
    expect((await askForErasure(agent, PASSWORD)).status).toBe(303);
    const id = (await waitingRequestOf(student.id))!;
    const token = await agent.token('/profile/erasure');
    expect((await agent.post(`/erasure-requests/${id}/confirm`).type('form').send({ _csrf: token })).status).toBe(404);
    expect(await waitingRequestOf(student.id)).toBe(id);

    const administrators = await as(admin);
    const page = await administrators.get(`/erasure-requests/${id}`);
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain(`Slette ${NAME}`);
    expect(text).toMatch(/Refleksjoner 2/);
    expect(text).toMatch(/Vedlegg 1/);
    const res = await administrators.post(`/erasure-requests/${id}/confirm`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/erasure-requests');
    const list = mainText((await administrators.get('/erasure-requests')).text);
    expect(list).toContain(`Personen heter nå «Slettet person #${student.id}»`);
    expect(list).not.toContain(NAME);
    // A confirmed request is settled: confirming again finds nothing.
    expect((await administrators.post(`/erasure-requests/${id}/confirm`).type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(404);
  });

  it('leaves the name, the address and every text in no row of any table and in no file', async () => {
    expect(await findings(NEEDLES)).toEqual([]);
    expect(filesUnder(uploadDir)).toEqual([]);
  });

  it('keeps the ledger verifiable, with every record still there', async () => {
    const { out, err, streams } = io();
    expect(await runCommand(['ledger:verify'], t.config, streams)).toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toMatch(new RegExp(`^Ledger intact: ${recordsBefore} records`));
    const records = [...(await t.app.get(LedgerService).historyForEnrolment(esEnrolment)), ...(await t.app.get(LedgerService).historyForEnrolment(mbEnrolment))];
    expect(records.length).toBeGreaterThanOrEqual(4);
    expect(records.every((r) => r.payload === null && r.salt === null)).toBe(true);
  });

  it('keeps the certificate verifiable by its code, saying the holder’s name was erased', async () => {
    const res = await request(t.http).get(`/verify/${certificateCode}`);
    expect(res.status).toBe(200);
    const text = mainText(res.text);
    expect(text).toContain('Kursbeviset er ekte og gyldig.');
    expect(text).toContain('Utstedt, men innehaverens navn er slettet');
  });

  it('leaves an inactive tombstone that cannot sign in, with no roles, and keeps the hours as anonymous figures', async () => {
    const [user] = (await sql('SELECT name, email, password_hash, active, locale FROM users WHERE id = $1', [student.id])) as Record<string, unknown>[];
    expect(user).toMatchObject({ name: `Slettet person #${student.id}`, email: `erased:${student.id}`, password_hash: null, locale: null });
    expect(Boolean(user.active)).toBe(false);
    expect(await sql('SELECT role FROM user_roles WHERE user_id = $1', [student.id])).toEqual([]);
    expect(await sql('SELECT id FROM sessions WHERE user_id = $1', [student.id])).toEqual([]);
    expect(await sql('SELECT id FROM sign_in_links WHERE user_id = $1', [student.id])).toEqual([]);
    expect(await sql('SELECT user_id FROM second_factors WHERE user_id = $1', [student.id])).toEqual([]);
    expect(await sql('SELECT id FROM recovery_codes WHERE user_id = $1', [student.id])).toEqual([]);
    const [{ n }] = (await sql("SELECT COUNT(*) AS n FROM practice_entries WHERE enrolment_id = $1 AND state = 'approved'", [esEnrolment])) as { n: number }[];
    expect(Number(n)).toBeGreaterThan(1);
    const login = browser(t);
    const form = await login.get('/login');
    expect((await login.post('/login').type('form').send({ _csrf: csrfFrom(form.text), email: EMAIL, password: PASSWORD })).status).not.toBe(303);
  });

  it('records the request and the confirmation in the audit log by ids only', async () => {
    const events = await auditKinds(student.id);
    expect(events.map((e) => [e.kind, Number(e.actor_id)]).slice(-2)).toEqual([
      ['erasure_requested', student.id],
      ['erasure_completed', admin.id],
    ]);
    expect(JSON.parse(events[events.length - 1].detail!)).toEqual({ enrolments: 2, files: 1 });
  });

  it('cannot be asked for again for an erased person, whose page offers nothing to change or reactivate', async () => {
    const administrators = await as(admin);
    expect((await administrators.get(`/erasure-requests/people/${student.id}`)).status).toBe(404);
    const page = await administrators.get(`/people/${student.id}`);
    expect(mainText(page.text)).toContain('Personopplysningene til denne personen er slettet.');
    expect(page.text).not.toContain(`action="/people/${student.id}/reactivate"`);
    expect(page.text).not.toContain(`href="/erasure-requests/people/${student.id}"`);
    const token = csrfFrom(page.text);
    expect((await administrators.post(`/people/${student.id}/reactivate`).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await administrators.post(`/people/${student.id}`).type('form').send({ _csrf: token, name: 'Back again', email: 'back@example.test', roles: 'student', version: '99' })).status).toBe(404);
    const [user] = (await sql('SELECT active FROM users WHERE id = $1', [student.id])) as { active: unknown }[];
    expect(Boolean(user.active)).toBe(false);
  });
});

describe('an erasure an administrator asks for on someone’s behalf', () => {
  it('is asked for from the person’s page and confirmed like the person’s own', async () => {
    const administrators = await as(admin);
    expect((await administrators.get(`/people/${supervisor.id}`)).text).toContain(`href="/erasure-requests/people/${supervisor.id}"`);
    const page = await administrators.get(`/erasure-requests/people/${supervisor.id}`);
    expect(page.status).toBe(200);
    const asked = await administrators.post(`/erasure-requests/people/${supervisor.id}`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(asked.status).toBe(303);
    const show = await administrators.get(asked.headers.location);
    expect(mainText(show.text)).toContain('En administrator');
    // The supervisor sees it waiting on their own page, and could withdraw it.
    expect(mainText((await (await as(supervisor)).get('/profile/erasure')).text)).toContain('En administrator ba om sletting på dine vegne');
    const res = await administrators.post(`${asked.headers.location}/confirm`).type('form').send({ _csrf: csrfFrom(show.text) });
    expect(res.status).toBe(303);
    expect(await findings([supervisor.name, supervisor.email])).toEqual([]);
    expect(await sql('SELECT user_id FROM enrolment_supervisors WHERE user_id = $1', [supervisor.id])).toEqual([]);
    expect((await t.app.get(LedgerService).verify()).ok).toBe(true);
  });

  it('can be declined by an administrator, erasing nothing', async () => {
    const administrators = await as(admin);
    const page = await administrators.get(`/erasure-requests/people/${coordinator.id}`);
    const asked = await administrators.post(`/erasure-requests/people/${coordinator.id}`).type('form').send({ _csrf: csrfFrom(page.text) });
    const show = await administrators.get(asked.headers.location);
    expect((await administrators.post(`${asked.headers.location}/cancel`).type('form').send({ _csrf: csrfFrom(show.text) })).status).toBe(303);
    expect(await waitingRequestOf(coordinator.id)).toBeUndefined();
    expect((await findings([coordinator.email])).length).toBeGreaterThan(0);
    expect((await auditKinds(coordinator.id)).map((e) => [e.kind, Number(e.actor_id)])).toEqual([
      ['erasure_requested', admin.id],
      ['erasure_cancelled', admin.id],
    ]);
  });
});

describe('the last active administrator', () => {
  it('cannot be erased, and is told so beside the button; with another administrator they can', async () => {
    const agent = await as(admin);
    expect((await askForErasure(agent, PASSWORD)).status).toBe(303);
    const id = (await waitingRequestOf(admin.id))!;
    const page = await agent.get(`/erasure-requests/${id}`);
    const refused = await agent.post(`/erasure-requests/${id}/confirm`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="confirm-error"[^>]*>[\s\S]*Dette er den siste aktive administratoren\./);
    expect(refused.text).toContain('aria-describedby="confirm-error"');
    expect(await waitingRequestOf(admin.id)).toBe(id);
    const [still] = (await sql('SELECT name FROM users WHERE id = $1', [admin.id])) as { name: string }[];
    expect(still.name).toBe(admin.name);

    const second = await makeUser(t, ['admin']);
    const other = await as(second);
    const show = await other.get(`/erasure-requests/${id}`);
    expect((await other.post(`/erasure-requests/${id}/confirm`).type('form').send({ _csrf: csrfFrom(show.text) })).status).toBe(303);
    expect(await findings([admin.name, admin.email])).toEqual([]);
  });
});

describe('retention', () => {
  it('erases, at the nightly run, only students whose every enrolment ended more than RETENTION_MONTHS ago, and says so in the audit log', async () => {
    const cohorts = t.app.get(CohortSetupService);
    const long = await cohorts.create({ name: 'Gammelt kull', curriculumVersionId: es.id, startDate: addMonths(today(), -30), coordinatorIds: [] });
    const recent = await cohorts.create({ name: 'Nylig kull', curriculumVersionId: es.id, startDate: addMonths(today(), -10), coordinatorIds: [] });
    const gone = await makeUser(t, ['student'], { name: 'Retentia Farewell' });
    const stillWithin = await makeUser(t, ['student'], { name: 'Retentia Within' });
    const both = await makeUser(t, ['student'], { name: 'Retentia Twice' });
    const alsoSupervises = await makeUser(t, ['student', 'supervisor'], { name: 'Retentia Staff' });
    await cohorts.enrol({ cohortId: long.id, studentId: gone.id, supervisorIds: [] });
    await cohorts.enrol({ cohortId: recent.id, studentId: stillWithin.id, supervisorIds: [] });
    await cohorts.enrol({ cohortId: long.id, studentId: both.id, supervisorIds: [] });
    await cohorts.enrol({ cohortId: recent.id, studentId: both.id, supervisorIds: [] });
    await cohorts.enrol({ cohortId: long.id, studentId: alsoSupervises.id, supervisorIds: [] });
    const audit = t.app.get(AuditService);
    await audit.record({ kind: 'sign_in', actorId: gone.id, subjectId: gone.id, at: Date.parse(`${addMonths(today(), -25)}T12:00:00Z`) });
    await audit.record({ kind: 'sign_in', actorId: gone.id, subjectId: gone.id, at: Date.parse(`${addMonths(today(), -23)}T12:00:00Z`) });

    const jobs = t.app.get(JobsService);
    // Before 04:00 Norwegian time the night's run is not due yet.
    expect(await jobs.runDue(new Date(`${today()}T02:30:00+01:00`), ['erasure.retention'])).toEqual([]);
    const outcomes = await jobs.runDue(new Date(`${today()}T10:00:00+01:00`), ['erasure.retention']);
    expect(outcomes).toEqual([{ name: 'erasure.retention', slot: today(), outcome: 'ran' }]);

    const names = async (id: number) => ((await sql('SELECT name FROM users WHERE id = $1', [id])) as { name: string }[])[0].name;
    expect(await names(gone.id)).toBe(`Slettet person #${gone.id}`);
    for (const kept of [stillWithin, both, alsoSupervises]) expect(await names(kept.id)).toBe(kept.name);
    const [event] = (await sql("SELECT actor_id, detail FROM audit_events WHERE kind = 'retention_anonymised'")) as { actor_id: number | null; detail: string }[];
    expect(event.actor_id).toBeNull();
    expect(JSON.parse(event.detail)).toEqual({ count: 1, userIds: [String(gone.id)], retentionMonths: 12, auditPruned: 1, auditMonths: 24 });
    const signIns = (await sql("SELECT at FROM audit_events WHERE kind = 'sign_in' AND subject_id = $1", [gone.id])) as { at: string }[];
    expect(signIns.length).toBe(1);
    const [request] = (await sql('SELECT requested_by, confirmed_by, state FROM erasure_requests WHERE user_id = $1', [gone.id])) as Record<string, unknown>[];
    expect(request).toEqual({ requested_by: null, confirmed_by: null, state: 'completed' });
    expect((await t.app.get(LedgerService).verify()).ok).toBe(true);
    // The night's slot is done: a second process finds nothing left to run.
    expect(await jobs.runDue(new Date(`${today()}T11:00:00+01:00`), ['erasure.retention'])).toEqual([]);
  });
});
