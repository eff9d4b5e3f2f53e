import { AuditService } from '../src/audit/audit.service';
import { AUDIT_KINDS } from '../src/audit/audit-kinds';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { CurriculaService } from '../src/curricula/curricula.service';
import { hasMessage } from '../src/i18n/i18n';
import { formFor } from './support/forms';
import { browser, csrfFrom, makeUser, mainText, PASSWORD, signedIn, startTestApp, TestApp } from './support/test-app';

let t: TestApp;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  t = await startTestApp();
  admin = await makeUser(t, ['admin'], { name: 'Astrid Admin' });
});

afterAll(async () => {
  await t.close();
});

interface Row {
  kind: string;
  actor_id: number | null;
  subject_id: number | null;
  object_type: string | null;
  object_id: string | null;
  address: string | null;
  detail: string | null;
}

const eventsAbout = (personId: number): Promise<Row[]> =>
  t.dataSource
    .createQueryBuilder()
    .select(['kind', 'actor_id', 'subject_id', 'object_type', 'object_id', 'address', 'detail'])
    .from('audit_events', 'e')
    .where('subject_id = :personId OR actor_id = :personId', { personId })
    .orderBy('id')
    .getRawMany<Row>();

/** A form body as the browser sends it, a field given several times for a list. */
function encode(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of ([] as string[]).concat(value)) params.append(name, v);
  return params.toString();
}
const kindsAbout = async (personId: number) => (await eventsAbout(personId)).map((e) => e.kind);

describe('what the audit log records', () => {
  it('records a sign-in, a failed attempt, a throttled one and a sign-out, with the client address and no typed text', async () => {
    const person = await makeUser(t, ['student'], { name: 'Sigrid Signin' });
    const agent = browser(t);
    const token = await agent.token();
    expect((await agent.post('/login').type('form').send({ _csrf: token, email: person.email, password: 'wrong-once' })).status).toBe(401);
    await agent.signIn(person.email);
    const home = await agent.get('/');
    expect((await agent.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) })).status).toBe(303);
    const rows = await eventsAbout(person.id);
    expect(rows.map((r) => r.kind)).toEqual(['sign_in_failed', 'sign_in', 'sign_out']);
    expect(rows[0]).toMatchObject({ actor_id: null, subject_id: person.id });
    expect(rows[1]).toMatchObject({ actor_id: person.id, subject_id: person.id });
    for (const row of rows) expect(row.address).toMatch(/127\.0\.0\.1|::1/);
    const all = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'));
    expect(all).not.toContain('wrong-once');
    expect(all).not.toContain(person.email);

    const again = await agent.token();
    for (let i = 0; i < 5; i++) await agent.post('/login').type('form').send({ _csrf: again, email: person.email, password: `wrong-${i}` });
    expect(await kindsAbout(person.id)).toContain('sign_in_throttled');
  });

  it('keeps no account or address for a sign-in to an address nobody has', async () => {
    const before = Number((await t.dataSource.query("SELECT COUNT(*) AS n FROM audit_events WHERE kind = 'sign_in_failed' AND subject_id IS NULL"))[0].n);
    const agent = browser(t);
    const token = await agent.token();
    expect((await agent.post('/login').type('form').send({ _csrf: token, email: 'nobody-here@example.test', password: 'whatever-it-is' })).status).toBe(401);
    const after = Number((await t.dataSource.query("SELECT COUNT(*) AS n FROM audit_events WHERE kind = 'sign_in_failed' AND subject_id IS NULL"))[0].n);
    expect(after).toBe(before + 1);
    expect(JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'))).not.toContain('nobody-here');
  });

  it('records a password change on the profile page', async () => {
    const person = await makeUser(t, ['supervisor']);
    const agent = await signedIn(t, person);
    const page = await agent.get('/profile');
    const res = await agent.post('/profile/password').type('form').send({ _csrf: csrfFrom(page.text), currentPassword: PASSWORD, password: 'a-new-long-password-2', confirm: 'a-new-long-password-2' });
    expect(res.status).toBe(303);
    expect(await kindsAbout(person.id)).toContain('password_changed');
  });

  it('records who created an account, changed its roles and fields, and deactivated it, naming only what changed', async () => {
    const agent = await signedIn(t, admin);
    const page = await agent.get('/people/new');
    const created = await agent.post('/people').type('form').send(encode({ ...formFor(page.text, '/people').fields, name: 'Rolf Roller', email: 'rolf.roller@example.test', roles: ['student'] }));
    expect(created.status).toBe(303);
    const id = Number(/\/people\/(\d+)/.exec(created.headers.location)![1]);
    const edit = await agent.get(`/people/${id}`);
    const form = formFor(edit.text, `/people/${id}`);
    expect((await agent.post(`/people/${id}`).type('form').send(encode({ ...form.fields, name: 'Rolf Roller-Hansen', roles: ['student', 'supervisor'] }))).status).toBe(303);
    const show = await agent.get(`/people/${id}`);
    expect((await agent.post(`/people/${id}/deactivate`).type('form').send({ _csrf: csrfFrom(show.text) })).status).toBe(303);

    const rows = await eventsAbout(id);
    expect(rows.map((r) => [r.kind, r.actor_id])).toEqual([
      ['account_created', admin.id],
      ['roles_changed', admin.id],
      ['account_changed', admin.id],
      ['account_deactivated', admin.id],
    ]);
    expect(JSON.parse(rows[1].detail!)).toEqual({ before: ['student'], after: ['student', 'supervisor'] });
    expect(JSON.parse(rows[2].detail!)).toEqual({ fields: ['name'] });
    expect(JSON.stringify(rows)).not.toContain('Roller-Hansen');
  });

  it('records a student giving and withdrawing consent to their employer', async () => {
    const organisation = await t.users.createOrganisation('Bydel Nord');
    const student = await makeUser(t, ['student']);
    const coordinator = await makeUser(t, ['coordinator']);
    const curriculum = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
    const cohorts = t.app.get(CohortSetupService);
    const cohort = await cohorts.create({ name: 'Samtykkekullet', curriculumVersionId: curriculum.id, startDate: '2026-09-01', coordinatorIds: [coordinator.id] });
    const enrolment = await cohorts.enrol({ cohortId: cohort.id, studentId: student.id, supervisorIds: [], employerOrganisationId: organisation.id });
    const agent = await signedIn(t, student);
    for (const granted of ['yes', 'no']) {
      const page = await agent.get(`/enrolments/${enrolment.id}/consent`);
      const res = await agent.post(`/enrolments/${enrolment.id}/consent`).type('form').send({ _csrf: csrfFrom(page.text), granted, organisation: String(organisation.id) });
      expect(res.status).toBe(303);
    }
    const rows = (await eventsAbout(student.id)).filter((r) => r.kind.startsWith('consent'));
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'consent_given', object_type: 'enrolment', object_id: String(enrolment.id) }),
      expect.objectContaining({ kind: 'consent_withdrawn', object_type: 'enrolment', object_id: String(enrolment.id) }),
    ]);
  });

  it('records a coordinator enrolling a new student, with the account made for them', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const curriculum = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
    const cohort = await t.app.get(CohortSetupService).create({ name: 'Opptakskullet', curriculumVersionId: curriculum.id, startDate: '2026-09-01', coordinatorIds: [coordinator.id] });
    const agent = await signedIn(t, coordinator);
    const page = await agent.get(`/cohorts/${cohort.id}/enrolments/new`);
    const res = await agent.post(`/cohorts/${cohort.id}/enrolments`).type('form').send(encode({ _csrf: csrfFrom(page.text), email: 'nora.ny@example.test', name: 'Nora Ny' }));
    expect(res.status).toBe(303);
    const student = (await t.dataSource.query("SELECT id FROM users WHERE email = 'nora.ny@example.test'"))[0] as { id: number };
    const rows = await eventsAbout(student.id);
    expect(rows.map((r) => [r.kind, r.actor_id])).toEqual([
      ['account_created', coordinator.id],
      ['admin_act', coordinator.id],
    ]);
    expect(JSON.parse(rows[1].detail!)).toEqual({ act: 'enrolled', cohort: cohort.id });
  });

  it('refuses to change a row once written, on the database itself', async () => {
    await t.app.get(AuditService).record({ kind: 'admin_act', detail: { act: 'test' } });
    await expect(t.dataSource.query("UPDATE audit_events SET kind = 'sign_in' WHERE kind = 'admin_act'")).rejects.toThrow(/append-only/);
  });

  it('has a name for every kind of event in both languages', () => {
    for (const kind of AUDIT_KINDS) {
      expect([kind, hasMessage(`audit.kind.${kind}`, 'nb'), hasMessage(`audit.kind.${kind}`, 'en')]).toEqual([kind, true, true]);
    }
  });
});

describe('each person’s own sign-in history', () => {
  it('shows the person their sign-ins and failed attempts on the profile page, and nobody else’s', async () => {
    const person = await makeUser(t, ['employer'], { name: 'Hilde History' });
    const other = await makeUser(t, ['employer'], { name: 'Otto Other' });
    const attempt = browser(t);
    const token = await attempt.token();
    expect((await attempt.post('/login').type('form').send({ _csrf: token, email: person.email, password: 'not-the-password' })).status).toBe(401);
    await signedIn(t, other);
    const agent = await signedIn(t, person);
    const page = mainText((await agent.get('/profile')).text);
    expect(page).toContain('Innlogginger');
    expect(page).toMatch(/Mislykket innlogging .*127\.0\.0\.1|Mislykket innlogging .*::1/);
    expect(page).toContain('Innlogget');
    const signIns = (page.match(/Innlogget /g) ?? []).length;
    expect(signIns).toBe(1);
  });
});

describe('the administrators’ audit log', () => {
  let subject: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    subject = await makeUser(t, ['student'], { name: 'Søren Søkbar' });
    await signedIn(t, subject);
  });

  it('finds a person’s events by name, and narrows by kind and period', async () => {
    const agent = await signedIn(t, admin);
    const found = await agent.get(`/audit?person=${encodeURIComponent('søren')}`);
    expect(found.status).toBe(200);
    const text = mainText(found.text);
    expect(text).toContain('Søren Søkbar');
    expect(text).toContain('Innlogget');
    expect(text).not.toContain('Sigrid Signin');

    const byKind = mainText((await agent.get(`/audit?person=${subject.id}&kind=sign_out`)).text);
    expect(byKind).toContain('Ingen hendelser passer med søket.');
    const future = mainText((await agent.get(`/audit?person=${encodeURIComponent('Søren')}&from=2099-01-01`)).text);
    expect(future).toContain('Ingen hendelser passer med søket.');
    const today = new Date().toISOString().slice(0, 10);
    const period = mainText((await agent.get(`/audit?person=${encodeURIComponent('Søren')}&from=2020-01-01&to=${today}`)).text);
    expect(period).toContain('Søren Søkbar');
  });

  it('refuses a date it cannot read beside the field, keeping what was typed', async () => {
    const agent = await signedIn(t, admin);
    const res = await agent.get('/audit?person=Sigrid&from=3.12.2026&kind=nonsense');
    expect(res.text).toContain('id="from-error"');
    expect(mainText(res.text)).toContain('Skriv datoen som åååå-mm-dd');
    expect(mainText(res.text)).toContain('Velg en hendelse fra listen.');
    expect(res.text).toMatch(/id="from" name="from" type="date"\s+value="3.12.2026"/);
    expect(res.text).toMatch(/id="person" name="person" type="search"\s+value="Sigrid"/);
  });

  it('exports the selection as CSV, and records that it did', async () => {
    const agent = await signedIn(t, admin);
    const res = await agent.get(`/audit.csv?person=${subject.id}`).buffer(true).parse((response, callback) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => callback(null, body));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="brobygger-revisjonslogg-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (res.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Tidspunkt (UTC);Hendelse;Utført av (nr.);Utført av;Gjelder (nr.);Gjelder;Objekt;Klientadresse;Detaljer');
    expect(lines.slice(1).every((line) => line.includes(`;${subject.id};Søren Søkbar #${subject.id};`))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    expect(await kindsAbout(admin.id)).toContain('audit_exported');
  });

  it('is not there for anyone but administrators, and sends someone signed out to sign in', async () => {
    for (const role of ['student', 'supervisor', 'employer', 'coordinator'] as const) {
      const agent = await signedIn(t, await makeUser(t, [role]));
      expect([role, (await agent.get('/audit')).status]).toEqual([role, 404]);
      expect([role, (await agent.get('/audit.csv')).status]).toEqual([role, 404]);
    }
    const anonymous = browser(t);
    expect((await anonymous.get('/audit')).status).toBe(303);
    expect((await anonymous.get('/audit.csv')).status).toBe(303);
  });
});
