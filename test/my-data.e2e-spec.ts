import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataSource } from 'typeorm';
import * as yauzl from 'yauzl';
import { Invitation } from '../src/accounts/invitation.entity';
import { PasswordReset } from '../src/accounts/password-reset.entity';
import { AttendanceChange, AttendanceRecord } from '../src/attendance/attendance-record.entity';
import { TeachingDay } from '../src/attendance/teaching-day.entity';
import { AssignmentFeedback, AssignmentSubmission } from '../src/assignments/submission.entity';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Certificate } from '../src/certificates/certificate.entity';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { Enrolment } from '../src/cohorts/enrolment.entity';
import { addDays, addMonths, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { Transactions } from '../src/database/transactions';
import { LessonProgress } from '../src/learning/lesson-progress.entity';
import { ModuleSignoff } from '../src/learning/module-signoff.entity';
import { Reflection } from '../src/learning/reflection.entity';
import { LedgerService } from '../src/ledger/ledger.service';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { COVERED_TABLES, LEFT_OUT_TABLES } from '../src/my-data/coverage';
import { ARCHIVE_FILES } from '../src/my-data/my-data.service';
import { Notification, NotificationDigest, NotificationPreference } from '../src/notifications/notification.entity';
import { PracticeEntry } from '../src/practice/practice-entry.entity';
import { EmployerConsent } from '../src/progress/consent.entity';
import { EmployerView } from '../src/progress/employer-view.entity';
import { pdf } from './support/documents';
import { browser, csrfFrom, makeUser, mainText, signedIn, startTestApp, TestApp } from './support/test-app';
import { SignInLink } from '../src/users/sign-in-link.entity';
import { RecoveryCode, SecondFactor } from '../src/second-factor/second-factor.entity';
import { ErasureRequest } from '../src/erasure/erasure-request.entity';

let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
type Agent = ReturnType<typeof browser>;
let student: Person, other: Person, staff: Person, employer: Person;
let enrolmentId: number, otherEnrolmentId: number;
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brobygger-my-data-'));
const attachment = pdf('Sara sin prosjektskisse');

/** Texts only the first student wrote, and texts only the second did: the second's must never reach the first's archive. */
const MINE = { reflection: 'MINE-reflection-about-hope', entry: 'MINE-entry-met-a-group', handIn: 'MINE-hand-in-about-networks' };
const THEIRS = { reflection: 'THEIRS-reflection-private', entry: 'THEIRS-entry-private', handIn: 'THEIRS-hand-in-private' };
const STAFF_WORDS = { returned: 'STAFF-please-say-less-about-the-place', signoff: 'STAFF-well-done-on-the-module', feedback: 'STAFF-clear-proposal' };

beforeAll(async () => {
  t = await startTestApp({ env: { UPLOAD_DIR: uploadDir } });
  const organisation = await t.users.createOrganisation('Fjordvik DPS');
  student = await makeUser(t, ['student'], { name: 'Sara Studentsen', locale: 'en' });
  other = await makeUser(t, ['student'], { name: 'Olav Otherstudent' });
  staff = await makeUser(t, ['supervisor', 'coordinator'], { name: 'Kari Koordinator' });
  employer = await makeUser(t, ['employer'], { name: 'Erik Employer', organisationId: organisation.id });
  const mb = t.app.get(CurriculaService).getCurrent('mb-bergen');
  const cohorts = t.app.get(CohortSetupService);
  const cohort = await cohorts.create({ name: 'MB-kullet', curriculumVersionId: mb.id, startDate: addMonths(today(), -6), coordinatorIds: [staff.id] });
  enrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: student.id, supervisorIds: [staff.id], employerOrganisationId: organisation.id })).id;
  otherEnrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: other.id, supervisorIds: [staff.id] })).id;
  await t.dataSource.getRepository(Enrolment).update({ id: enrolmentId }, { assessorId: staff.id });

  // The hand-ins go through the form, so the attachment lies on disk where the assignment feature keeps it.
  await handIn(await signedIn(t, student), enrolmentId, MINE.handIn, attachment);
  await handIn(await signedIn(t, other), otherEnrolmentId, THEIRS.handIn);
  const placement = organisation.id;
  await seed(enrolmentId, student, MINE, placement, cohort.id);
  await seed(otherEnrolmentId, other, THEIRS, placement, cohort.id);
  await t.dataSource.getRepository(EmployerView).insert({ enrolmentId, viewerId: employer.id, organisationId: organisation.id, kind: 'page', viewedAt: new Date() });
  await t.dataSource.getRepository(EmployerConsent).insert({ enrolmentId, organisationId: organisation.id, granted: true, cause: 'student', changedAt: new Date() });
  // Someone else acting on the student's account, from an address that is theirs, not the student's.
  await t.dataSource.getRepository(ErasureRequest).insert({ userId: student.id, requestedBy: student.id, requestedAt: Date.now() - 60_000, state: 'cancelled', cancelledBy: student.id, cancelledAt: Date.now() });
  await t.dataSource.getRepository(SecondFactor).insert({ userId: student.id, secret: 'v1.sealed-secret-of-the-student-9f2c', enabledAt: null, lastStep: null });
  await t.dataSource.getRepository(RecoveryCode).insert({ userId: student.id, codeHash: 'f'.repeat(64), usedAt: null });
  await t.dataSource.getRepository(SignInLink).insert({ userId: student.id, issuer: 'https://idp.example.test', subject: 'student-at-provider-81f3' });
  await t.dataSource.getRepository(AuditEvent).insert({ at: Date.now(), kind: 'roles_changed', actorId: staff.id, subjectId: student.id, objectType: 'user', objectId: String(student.id), address: '203.0.113.77', detail: null });
  // Sessions and sign-in events of their own, for the employer and the supervisor.
  await signedIn(t, employer);
  await signedIn(t, staff);
});

afterAll(async () => {
  await t.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

async function handIn(agent: Agent, enrolment: number, text: string, file?: Buffer) {
  const page = `/enrolments/${enrolment}/assignment`;
  let req = agent.post(`${page}/proposal`).field('_csrf', csrfFrom((await agent.get(page)).text)).field('text', text);
  if (file) req = req.attach('files', file, 'Skisse æøå.pdf');
  const res = await req;
  if (res.status !== 303) throw new Error(`Hand-in failed with ${res.status}`);
}

/** A row in every table about a student, as the features write them (ledger records with the decisions). */
async function seed(enrolment: number, person: Person, texts: typeof MINE, placementId: number, cohortId: number) {
  const ledger = t.app.get(LedgerService);
  await t.app.get(Transactions).run(async (m) => {
    await m.insert(LessonProgress, { enrolmentId: enrolment, moduleKey: 'recovery-oriented-services', lessonKey: 'recovery-in-services', completedAt: new Date() });
    await m.insert(Reflection, { enrolmentId: enrolment, moduleKey: 'recovery-oriented-services', promptKey: 'help-that-helped', text: texts.reflection, themes: ['chime.hope'], shared: false });
    const inserted = await m.insert(PracticeEntry, {
      enrolmentId: enrolment,
      date: addDays(today(), -3),
      quarterHours: 8,
      placementId,
      category: 'individual-follow-up',
      description: texts.entry,
      reflection: null,
      reflectionThemes: [],
      reflectionShared: false,
      state: 'returned',
      returnComment: STAFF_WORDS.returned,
      submittedAt: new Date(),
      decidedAt: new Date(),
      decidedBy: staff.id,
    });
    const entry = { id: Number(inserted.identifiers[0].id) };
    const payload = { description: texts.entry, state: 'submitted' };
    await ledger.append(m, { action: 'submit', actorId: person.id, subjectType: 'practice_entry', subjectId: entry.id, enrolmentId: enrolment, payload });
    await ledger.append(m, { action: 'return', actorId: staff.id, subjectType: 'practice_entry', subjectId: entry.id, enrolmentId: enrolment, payload: { ...payload, comment: STAFF_WORDS.returned } });
    const signoff = await m.save(ModuleSignoff, { enrolmentId: enrolment, moduleKey: 'recovery-oriented-services', decision: 'signed_off', comment: STAFF_WORDS.signoff, decidedBy: staff.id });
    await ledger.append(m, { action: 'module.signoff', actorId: staff.id, subjectType: 'module_signoff', subjectId: signoff.id, enrolmentId: enrolment, payload: { comment: STAFF_WORDS.signoff } });
    const submission = await m.findOneByOrFail(AssignmentSubmission, { enrolmentId: enrolment });
    await m.insert(AssignmentFeedback, { submissionId: submission.id, assessorId: staff.id, decision: 'approved', text: STAFF_WORDS.feedback, createdAt: new Date() });
    const day = await m.save(TeachingDay, { cohortId, date: addDays(today(), -10 - enrolment), cancelled: false });
    await m.insert(AttendanceRecord, { teachingDayId: day.id, enrolmentId: enrolment, status: 'present', recordedBy: staff.id, recordedAt: new Date() });
    await m.insert(AttendanceChange, { teachingDayId: day.id, enrolmentId: enrolment, oldStatus: 'absent', newStatus: 'present', changedBy: staff.id, changedAt: new Date() });
    const certificate = await m.save(Certificate, {
      enrolmentId: enrolment,
      code: `code-${enrolment}-abcdefghijklmnop`,
      studentName: person.name,
      programmeSlug: 'mb-bergen',
      programmeTitle: { nb: 'MB Bergen' },
      cohortName: 'MB-kullet',
      startDate: addMonths(today(), -6),
      endDate: addMonths(today(), 6),
      quarterHoursApproved: 8,
      issuedBy: staff.id,
      issuedAt: new Date(),
      revokedAt: null,
    });
    await ledger.append(m, { action: 'certificate.issue', actorId: staff.id, subjectType: 'certificate', subjectId: certificate.id, enrolmentId: enrolment, payload: {} });
    const now = Date.now();
    await m.insert(Notification, { userId: person.id, kind: 'entries_returned', data: { enrolmentId: enrolment }, link: `/enrolments/${enrolment}/practice`, createdAt: now, lastEventAt: now, delivery: 'none' });
    await m.insert(NotificationPreference, { userId: person.id, kind: 'entries_returned', choice: 'digest', updatedAt: now });
    await m.insert(NotificationDigest, { userId: person.id, day: today(), sentAt: now });
    await m.insert(Invitation, { userId: person.id, tokenHash: `${'a'.repeat(60)}${String(enrolment).padStart(4, '0')}`, expiresAt: now + 1000, usedAt: now, createdBy: staff.id, cohortId });
    await m.insert(PasswordReset, { userId: person.id, tokenHash: `${'b'.repeat(60)}${String(enrolment).padStart(4, '0')}`, expiresAt: now + 1000, usedAt: null });
    await m.insert(OutboxMessage, {
      toAddress: person.email,
      template: 'password-reset',
      locale: 'nb',
      subject: 'Nytt passord',
      html: `<a href="/reset/SECRET-LINK-${enrolment}">`,
      text: `SECRET-LINK-${enrolment}`,
      headers: null,
      state: 'sent',
      attempts: 1,
      nextAttemptAt: now,
      sentAt: now,
    });
  });
}

// ---- reading the archive

type Archive = Map<string, Buffer>;

function binary(res: NodeJS.ReadableStream, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

function unzip(buffer: Buffer): Promise<Archive> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const files: Archive = new Map();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function download(person: Person): Promise<{ res: import('supertest').Response; archive: Archive }> {
  const agent = await signedIn(t, person);
  const token = csrfFrom((await agent.get('/profile/my-data')).text);
  const res = await agent.post('/profile/my-data').type('form').send({ _csrf: token }).buffer(true).parse(binary as never);
  expect(res.status).toBe(200);
  return { res, archive: await unzip(res.body as Buffer) };
}

const json = (archive: Archive, name: string) => JSON.parse(archive.get(name)!.toString('utf8')) as Record<string, unknown>[];
const everything = (archive: Archive) => [...archive.values()].map((b) => b.toString('latin1') + b.toString('utf8')).join('\n');

/** Every value under `key` anywhere in a JSON value. */
function valuesOf(value: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => valuesOf(v, key, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === key) found.push(v);
      valuesOf(v, key, found);
    }
  }
  return found;
}

function stringsOf(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsOf(v, found));
  return found;
}

// ---- the page and who may reach it

describe('the My data page', () => {
  it('is linked from the profile page and says in plain words what the download holds', async () => {
    const agent = await signedIn(t, other);
    const profile = await agent.get('/profile');
    expect(profile.text).toContain('href="/profile/my-data"');
    const page = await agent.get('/profile/my-data');
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain('Mine data');
    expect(text).toContain('Praksisføringene dine, med hele historikken fra signeringsloggen');
    expect(text).toContain('Passordet ditt');
    expect(page.text).toContain('action="/profile/my-data"');
  });

  it('sends a visitor who is not signed in to the sign-in page, for the page and the download', async () => {
    const visitor = browser(t);
    const page = await visitor.get('/profile/my-data');
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/login/);
    const token = await visitor.token('/login');
    const post = await visitor.post('/profile/my-data').type('form').send({ _csrf: token });
    expect(post.status).toBe(303);
    expect(post.headers.location).toMatch(/^\/login/);
    expect(post.headers['content-type']).not.toMatch(/zip/);
  });

  it('refuses the download without the form’s CSRF token, and records no export', async () => {
    const agent = await signedIn(t, other);
    const before = await t.dataSource.getRepository(AuditEvent).countBy({ kind: 'data_exported', subjectId: other.id });
    const res = await agent.post('/profile/my-data').type('form').send({});
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).not.toMatch(/zip/);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ kind: 'data_exported', subjectId: other.id })).toBe(before);
  });
});

// ---- the student's archive

describe('a student’s archive', () => {
  let archive: Archive;
  let res: import('supertest').Response;
  beforeAll(async () => {
    ({ res, archive } = await download(student));
  });

  it('comes as a ZIP named for the day, never kept by a cache', () => {
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="brobygger-mine-data-${today()}.zip"`);
    expect(res.headers['cache-control']).toMatch(/no-store/);
    // Streamed as it is written: no length known before the end.
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
  });

  it('holds one JSON file per kind of record, an index.html and the attachments', () => {
    for (const name of ARCHIVE_FILES) expect(archive.has(name)).toBe(true);
    expect(archive.has('index.html')).toBe(true);
    const attachments = [...archive.keys()].filter((n) => n.startsWith('attachments/'));
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatch(/^attachments\/\d+-\d+-Skisse æøå\.pdf$/);
    expect(archive.get(attachments[0])!.equals(attachment)).toBe(true);
  });

  it('holds the account, the student’s own texts and what others decided on them', () => {
    const [account] = json(archive, 'account.json');
    expect(account).toMatchObject({ id: student.id, name: 'Sara Studentsen', email: student.email, roles: ['student'] });
    expect(account).not.toHaveProperty('passwordHash');
    expect(json(archive, 'enrolments.json')).toEqual([expect.objectContaining({ id: enrolmentId, supervisors: ['Kari Koordinator'], assessor: 'Kari Koordinator', employer: expect.objectContaining({ name: 'Fjordvik DPS' }) })]);
    expect(json(archive, 'reflections.json')).toEqual([expect.objectContaining({ text: MINE.reflection, themes: ['chime.hope'] })]);
    const [entry] = json(archive, 'practice-entries.json');
    expect(entry).toMatchObject({ description: MINE.entry, state: 'returned', returnComment: STAFF_WORDS.returned, decidedBy: 'Kari Koordinator', hours: 2 });
    expect((entry.history as { action: string; by: string }[]).map((h) => [h.action, h.by])).toEqual([
      ['submit', 'Sara Studentsen'],
      ['return', 'Kari Koordinator'],
    ]);
    const [handIn] = json(archive, 'hand-ins.json');
    expect(handIn).toMatchObject({ text: MINE.handIn, feedback: [expect.objectContaining({ text: STAFF_WORDS.feedback, assessor: 'Kari Koordinator' })] });
    expect(handIn.files).toEqual([expect.objectContaining({ name: 'Skisse æøå.pdf', sizeBytes: attachment.length, inArchive: expect.stringMatching(/^attachments\//) })]);
    expect(json(archive, 'attendance.json')).toEqual([expect.objectContaining({ status: 'present', changes: [expect.objectContaining({ from: 'absent', to: 'present' })] })]);
    expect(json(archive, 'consents.json')).toEqual([expect.objectContaining({ employer: 'Fjordvik DPS', granted: true })]);
    expect(json(archive, 'employer-looks.json')).toEqual([expect.objectContaining({ viewer: 'Erik Employer', employer: 'Fjordvik DPS', kind: 'page' })]);
    expect(json(archive, 'certificates.json')).toEqual([expect.objectContaining({ name: 'Sara Studentsen', history: [expect.objectContaining({ action: 'certificate.issue' })] })]);
    expect(json(archive, 'lessons-done.json')).toEqual([expect.objectContaining({ lesson: 'recovery-in-services' })]);
    expect(json(archive, 'notifications.json')).toEqual([expect.objectContaining({ kind: 'entries_returned' })]);
    expect(json(archive, 'sign-in-history.json')).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'sign_in', actor: 'you' })]));
    expect(json(archive, 'sign-in-history.json')).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'roles_changed', actor: 'Kari Koordinator', subject: 'you', address: null })]));
    expect(everything(archive)).not.toContain('203.0.113.77');
    expect(json(archive, 'sessions.json').length).toBeGreaterThan(0);
    expect(json(archive, 'sessions.json')[0]).not.toHaveProperty('id');
  });

  it('writes moments as ISO strings', () => {
    const [entry] = json(archive, 'practice-entries.json');
    expect(entry.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(json(archive, 'notifications.json')[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(json(archive, 'sign-in-history.json')[0].at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('has a self-contained summary in the person’s language, with their name', () => {
    const html = archive.get('index.html')!.toString('utf8');
    expect(html).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(html).toContain('My data in Brobygger: Sara Studentsen');
    expect(html).toContain('Your practice entries, with their whole history from the sign-off ledger');
    expect(html).not.toMatch(/<(link|script)\b/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    // The count beside practice-entries.json is the one entry.
    expect(html).toMatch(/practice-entries\.json<\/code><\/a><\/td><td class="count">1</);
  });

  it('holds nothing of the other student, and no secret', async () => {
    const text = everything(archive);
    for (const secret of Object.values(THEIRS)) expect(text).not.toContain(secret);
    expect(text).not.toContain('Olav Otherstudent');
    const [{ password_hash: hash }] = (await t.dataSource.query(`SELECT password_hash FROM users WHERE id = ${student.id}`)) as { password_hash: string }[];
    expect(hash.length).toBeGreaterThan(20);
    expect(text).not.toContain(hash);
    expect(text).not.toContain('SECRET-LINK');
    expect(text).not.toContain('a'.repeat(60));
    expect(text).not.toContain('b'.repeat(60));
  });

  it('is recorded in the audit log with the person and their address', async () => {
    const events = await t.dataSource.getRepository(AuditEvent).findBy({ kind: 'data_exported', subjectId: student.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: student.id, objectType: 'user', objectId: String(student.id) });
    expect(events[0].address).toBeTruthy();
  });
});

// ---- other roles

describe('a supervisor’s and an employer’s archive', () => {
  it('holds the supervisor’s sign-offs, decisions and feedback with their own words, not the students’ texts', async () => {
    const { archive } = await download(staff);
    expect(json(archive, 'signoffs-made.json').map((s) => s.comment)).toEqual([STAFF_WORDS.signoff, STAFF_WORDS.signoff]);
    expect(json(archive, 'decisions-made.json')).toEqual(
      expect.arrayContaining([expect.objectContaining({ returnComment: STAFF_WORDS.returned, about: expect.objectContaining({ enrolmentId, student: 'Sara Studentsen' }) })]),
    );
    expect(json(archive, 'feedback-given.json').map((f) => f.text)).toEqual([STAFF_WORDS.feedback, STAFF_WORDS.feedback]);
    expect(json(archive, 'supervising.json').map((s) => [s.id, s.as])).toEqual([
      [enrolmentId, ['supervisor', 'assessor']],
      [otherEnrolmentId, ['supervisor']],
    ]);
    expect(json(archive, 'coordinating.json')).toEqual([expect.objectContaining({ name: 'MB-kullet' })]);
    expect(json(archive, 'ledger-acts.json').length).toBe(6);
    const text = everything(archive);
    for (const secret of [...Object.values(MINE), ...Object.values(THEIRS)]) expect(text).not.toContain(secret);
  });

  it('holds the employer’s looks and the consents given to their organisation', async () => {
    const { archive } = await download(employer);
    expect(json(archive, 'employer-looks-made.json')).toEqual([expect.objectContaining({ kind: 'page', about: expect.objectContaining({ student: 'Sara Studentsen' }) })]);
    expect(json(archive, 'consents-received.json')).toEqual([expect.objectContaining({ granted: true, about: expect.objectContaining({ enrolmentId }) })]);
    const text = everything(archive);
    for (const secret of [...Object.values(MINE), ...Object.values(THEIRS)]) expect(text).not.toContain(secret);
  });
});

// ---- the schema walk: no table about a person can be forgotten

interface PersonTable {
  name: string;
  columns: string[];
  /** Column → the person table it refers to ('users' for a column naming a person, matched on id or e-mail). */
  references: Map<string, { table: string; by: 'id' | 'email' }>;
}

/** Column names that name a person without a foreign key, as the schema writes them. */
const PERSON_COLUMN = /^(actor|subject|viewer|student|assessor)_id$|(^|_)user_id$|_by$/;
const EMAIL_COLUMN = /(^|_)email$|^to_address$/;

/**
 * Every table that refers to a person: by a foreign key to users or to a table that does, by a column named
 * after such a table (ledger_records.enrolment_id), or by a column whose name marks a person or their address.
 */
async function personTables(dataSource: DataSource): Promise<PersonTable[]> {
  const runner = dataSource.createQueryRunner();
  // On PostgreSQL the catalogue lists the system's own tables too: only the installation's schema counts.
  const schema = (dataSource.options as { schema?: string }).schema;
  const tables = (await runner.getTables()).filter(
    (table) => !/(^|\.)(migrations|typeorm_metadata)$/.test(table.name) && !['pg_catalog', 'information_schema'].includes(table.schema ?? '') && (!schema || !table.schema || table.schema === schema),
  );
  await runner.release();
  const bare = (name: string) => name.split('.').pop()!;
  const found = new Map<string, PersonTable>([['users', { name: 'users', columns: tables.find((x) => bare(x.name) === 'users')!.columns.map((c) => c.name), references: new Map() }]]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const table of tables) {
      const name = bare(table.name);
      const references = new Map<string, { table: string; by: 'id' | 'email' }>();
      const hasType = table.columns.some((c) => c.name === 'subject_type');
      for (const column of table.columns) {
        const fk = table.foreignKeys.find((k) => k.columnNames.includes(column.name));
        const target = fk ? bare(fk.referencedTableName) : undefined;
        if (target && found.has(target)) references.set(column.name, { table: target, by: 'id' });
        else if (!fk && found.has(`${column.name.replace(/_id$/, '')}s`) && column.name.endsWith('_id')) references.set(column.name, { table: `${column.name.replace(/_id$/, '')}s`, by: 'id' });
        // A subject_id beside a subject_type names a record of that type, not a person.
        else if (!fk && PERSON_COLUMN.test(column.name) && !(column.name === 'subject_id' && hasType)) references.set(column.name, { table: 'users', by: 'id' });
        else if (EMAIL_COLUMN.test(column.name) && name !== 'users') references.set(column.name, { table: 'users', by: 'email' });
      }
      const before = found.get(name)?.references.size ?? -1;
      if (references.size && references.size !== before) {
        found.set(name, { name, columns: table.columns.map((c) => c.name), references });
        grew = true;
      }
    }
  }
  return [...found.values()];
}

type Row = Record<string, unknown>;

/** A person's rows in each person table: `deep` follows everything hanging off their rows, else only rows that name them. */
async function rowsOf(dataSource: DataSource, tables: PersonTable[], person: Person, deep: boolean): Promise<Map<string, Row[]>> {
  const rows = new Map<string, Row[]>([['users', await dataSource.query(`SELECT * FROM users WHERE id = ${person.id}`)]]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const table of tables) {
      if (table.name === 'users') continue;
      const conditions: string[] = [];
      for (const [column, ref] of table.references) {
        if (!deep && ref.table !== 'users') continue;
        const ids = ref.by === 'email' ? [`'${person.email}'`] : (rows.get(ref.table) ?? []).map((r) => Number(r.id)).filter(Number.isFinite);
        if (ids.length) conditions.push(`${column} IN (${ids.join(', ')})`);
      }
      if (!conditions.length) continue;
      const found: Row[] = await dataSource.query(`SELECT * FROM ${table.name} WHERE ${conditions.join(' OR ')}`);
      if (found.length !== (rows.get(table.name)?.length ?? 0)) {
        rows.set(table.name, found);
        grew = true;
      }
    }
  }
  return rows;
}

/** Where the archive misses one of the person's rows: its id (or its text, for rows without one) is in none of the table's files. */
function missingRows(archive: Archive, table: PersonTable, rows: Row[]): string[] {
  const covered = COVERED_TABLES[table.name];
  const files = covered.files.map((f) => JSON.parse(archive.get(f)?.toString('utf8') ?? '[]') as unknown);
  const secret = new Set(covered.secretColumns ?? []);
  const ids = new Set(files.flatMap((f) => valuesOf(f, 'id')).map(String));
  const strings = new Set(files.flatMap((f) => stringsOf(f)));
  const records = files.reduce<number>((sum, f) => sum + (Array.isArray(f) ? f.length : 1), 0);
  const missing: string[] = [];
  let untextured = 0;
  for (const row of rows) {
    if (table.columns.includes('id') && !secret.has('id')) {
      if (!ids.has(String(row.id))) missing.push(`${table.name} #${String(row.id)}`);
      continue;
    }
    const texts = Object.entries(row).filter(([column, value]) => typeof value === 'string' && !secret.has(column) && !table.references.has(column) && !/^\d/.test(value));
    for (const [column, value] of texts) if (!strings.has(value as string)) missing.push(`${table.name}.${column} "${String(value)}"`);
    if (!texts.length) untextured += 1;
  }
  // Rows with neither an id nor a text of their own (a supervisor's place on an enrolment) are at least counted.
  if (untextured > records) missing.push(`${table.name}: ${untextured} rows, ${records} records`);
  return missing;
}

describe('the schema walk', () => {
  let tables: PersonTable[];
  beforeAll(async () => {
    tables = await personTables(t.dataSource);
  });

  it('finds the tables about a person through keys, through tables that refer to one, and by column names', () => {
    const names = tables.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['users', 'enrolments', 'practice_entries', 'submission_files', 'ledger_records', 'audit_events', 'sessions', 'mail_outbox']));
    expect(names).not.toEqual(expect.arrayContaining(['cohorts']));
    expect(names).not.toContain('teaching_days');
    expect(names).not.toContain('job_runs');
  });

  it('finds every table about a person either in the export or left out with a reason', () => {
    const unaccounted = tables.map((x) => x.name).filter((name) => !(name in COVERED_TABLES) && !(name in LEFT_OUT_TABLES));
    expect(unaccounted).toEqual([]);
    const both = Object.keys(COVERED_TABLES).filter((name) => name in LEFT_OUT_TABLES);
    expect(both).toEqual([]);
    for (const reason of Object.values(LEFT_OUT_TABLES)) expect(reason.length).toBeGreaterThan(20);
  });

  it('names no table that is not there, and no file the archive does not write', () => {
    const names = new Set(tables.map((x) => x.name));
    expect([...Object.keys(COVERED_TABLES), ...Object.keys(LEFT_OUT_TABLES)].filter((name) => !names.has(name))).toEqual([]);
    const files = new Set<string>(ARCHIVE_FILES);
    expect(Object.values(COVERED_TABLES).flatMap((c) => c.files).filter((f) => !files.has(f))).toEqual([]);
  });

  it('finds each person’s rows in the files their table is declared in, for every covered table, and no secret column', async () => {
    const checked = new Set<string>();
    const problems: string[] = [];
    for (const [person, deep] of [
      [student, true],
      [staff, false],
      [employer, false],
    ] as const) {
      const { archive } = await download(person);
      const text = everything(archive);
      const rows = await rowsOf(t.dataSource, tables, person, deep);
      for (const table of tables.filter((x) => x.name in COVERED_TABLES)) {
        const mine = rows.get(table.name) ?? [];
        if (mine.length) checked.add(table.name);
        problems.push(...missingRows(archive, table, mine).map((p) => `${person.name}: ${p}`));
        for (const column of COVERED_TABLES[table.name].secretColumns ?? []) {
          for (const row of mine) {
            const value = row[column];
            if (typeof value === 'string' && value.length >= 8 && text.includes(value)) problems.push(`${person.name}: secret ${table.name}.${column} is in the archive`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    // The seed reaches every covered table, so none is checked vacuously.
    expect(Object.keys(COVERED_TABLES).filter((name) => !checked.has(name))).toEqual([]);
  });
});
