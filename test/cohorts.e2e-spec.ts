import { AttendanceRecord } from '../src/attendance/attendance-record.entity';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { CurriculaService } from '../src/curricula/curricula.service';
import { browser, csrfFrom, makeUser, mainText, startTestApp, TestApp, signedIn } from './support/test-app';

let t: TestApp;
let coordinator: Awaited<ReturnType<typeof makeUser>>;
let otherCoordinator: Awaited<ReturnType<typeof makeUser>>;
let supervisor: Awaited<ReturnType<typeof makeUser>>;
let student: Awaited<ReturnType<typeof makeUser>>;
let employer: Awaited<ReturnType<typeof makeUser>>;
let admin: Awaited<ReturnType<typeof makeUser>>;
let schedule: { daysPerWeek: number; weekdays: string[]; from: number; to: number };

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Coordinator' });
  otherCoordinator = await makeUser(t, ['coordinator'], { name: 'Other Coordinator' });
  supervisor = await makeUser(t, ['supervisor'], { name: 'Per Supervisor' });
  student = await makeUser(t, ['student'], { name: 'Sara Student' });
  const organisation = await t.users.createOrganisation('Fjordvik kommune');
  employer = await makeUser(t, ['employer'], { name: 'Eva Employer', organisationId: organisation.id });
  admin = await makeUser(t, ['admin'], { name: 'Ada Admin' });
  schedule = t.app.get(CurriculaService).getCurrent('erfaringsskolen').content.schedule;
});

afterAll(async () => {
  await t.close();
});

const as = (user: { email: string }) => signedIn(t, user);

/** Posts a form the way a browser does: repeated names for checkboxes. */
function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of ([] as string[]).concat(value)) params.append(key, v);
  return params.toString();
}

describe('creating a cohort', () => {
  it('creates a cohort pinned to the programme, with its teaching days on the chosen weekdays', async () => {
    const agent = await as(coordinator);
    const page = await agent.get('/cohorts/new');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`id="coordinators-${coordinator.id}"[^>]*checked`));
    const weekdays = ['monday', 'wednesday', 'friday', 'tuesday', 'thursday'].slice(0, schedule.daysPerWeek);
    const res = await agent.post('/cohorts').type('form').send(
      form({ _csrf: csrfFrom(page.text), name: 'Våren 2027', programme: 'erfaringsskolen', startDate: '2027-01-11', weekdays, coordinators: [String(coordinator.id)] }),
    );
    expect(res.status).toBe(303);
    const cohortPage = await agent.get(res.headers.location);
    const text = mainText(cohortPage.text);
    expect(text).toContain('Våren 2027');
    expect(text).toContain('11. januar 2027');
    expect(text).toContain('Kari Coordinator');
    const id = Number(res.headers.location.split('/').pop());
    const [{ count }] = await t.dataSource.query(`SELECT COUNT(*) AS count FROM teaching_days WHERE cohort_id = ${id}`);
    // Easter Monday, 29 March 2027, is a day off: left out and listed as skipped.
    const skipped = await t.dataSource.query(`SELECT CAST(date AS VARCHAR(10)) AS date FROM skipped_teaching_days WHERE cohort_id = ${id}`);
    expect(skipped).toEqual([{ date: '2027-03-29' }]);
    expect(Number(count)).toBe(schedule.daysPerWeek * (schedule.to - schedule.from + 1) - 1);
  });

  it('explains every mistake beside its field and keeps what was typed', async () => {
    const agent = await as(coordinator);
    const page = await agent.get('/cohorts/new');
    const res = await agent.post('/cohorts').type('form').send(
      form({ _csrf: csrfFrom(page.text), name: '  Mitt kull ', programme: '', startDate: '2027-02-30', weekdays: ['monday'], coordinators: [String(coordinator.id), '999999'] }),
    );
    expect(res.status).toBe(400);
    const text = mainText(res.text);
    expect(text).toContain('Velg hvilket program kullet følger.');
    expect(text).toContain('Skriv inn en gyldig dato');
    expect(text).toContain('En av dem du valgte, finnes ikke');
    expect(res.text).toMatch(/id="name"[^>]*value="Mitt kull"/);
    expect(res.text).toMatch(/id="startDate"[^>]*value="2027-02-30"/);
    expect(res.text).toMatch(/id="weekdays-monday"[^>]*checked/);
  });

  it("asks for as many weekdays as the programme's teaching days", async () => {
    const agent = await as(coordinator);
    const page = await agent.get('/cohorts/new');
    const res = await agent.post('/cohorts').type('form').send(
      form({ _csrf: csrfFrom(page.text), name: 'X', programme: 'erfaringsskolen', startDate: '2027-01-11', weekdays: [], coordinators: [String(coordinator.id)] }),
    );
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain(`Velg ${schedule.daysPerWeek} ukedager`);
  });

  it('will not let a coordinator leave themselves out', async () => {
    const agent = await as(coordinator);
    const page = await agent.get('/cohorts/new');
    const res = await agent.post('/cohorts').type('form').send(
      form({ _csrf: csrfFrom(page.text), name: 'X', programme: 'mb-bergen', startDate: '2027-01-11', weekdays: schedule.weekdays, coordinators: [String(otherCoordinator.id)] }),
    );
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('Du må selv være en av de kursansvarlige');
  });
});

describe('a running cohort', () => {
  let cohortId: number;

  beforeAll(async () => {
    const version = t.app.get(CurriculaService).getCurrent('mb-bergen');
    cohortId = (await t.app.get(CohortSetupService).create({ name: 'MB høst', curriculumVersionId: version.id, startDate: '2026-08-03', coordinatorIds: [coordinator.id] })).id;
  });

  it('enrols an existing student and shows them on the cohort page', async () => {
    const agent = await as(coordinator);
    const page = await agent.get(`/cohorts/${cohortId}/enrolments/new`);
    const res = await agent.post(`/cohorts/${cohortId}/enrolments`).type('form').send(form({ _csrf: csrfFrom(page.text), email: student.email.toUpperCase(), supervisors: [String(supervisor.id)], employer: '' }));
    expect(res.status).toBe(303);
    const cohortPage = mainText((await agent.get(`/cohorts/${cohortId}`)).text);
    expect(cohortPage).toContain('Sara Student er tatt opp i kullet.');
    expect(cohortPage).toContain('Per Supervisor');
    // The message is shown once.
    expect(mainText((await agent.get(`/cohorts/${cohortId}`)).text)).not.toContain('er tatt opp i kullet.');
  });

  it('refuses to enrol the same student twice, with the message beside the email', async () => {
    const agent = await as(coordinator);
    const page = await agent.get(`/cohorts/${cohortId}/enrolments/new`);
    const res = await agent.post(`/cohorts/${cohortId}/enrolments`).type('form').send(form({ _csrf: csrfFrom(page.text), email: student.email }));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="email-error">[\s\S]*allerede tatt opp/);
    expect(res.text).toContain(`value="${student.email}"`);
  });

  it('asks for the name of an unknown student, and refuses someone who is no supervisor', async () => {
    const agent = await as(coordinator);
    const page = await agent.get(`/cohorts/${cohortId}/enrolments/new`);
    const res = await agent.post(`/cohorts/${cohortId}/enrolments`).type('form').send(form({ _csrf: csrfFrom(page.text), email: 'new.person@example.test', supervisors: [String(employer.id)] }));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="name-error">[\s\S]*Skriv inn navnet/);
    expect(res.text).toMatch(/id="supervisors-error">[\s\S]*finnes ikke eller har ikke denne rollen/);
    const [{ count }] = await t.dataSource.query("SELECT COUNT(*) AS count FROM users WHERE email = 'new.person@example.test'");
    expect(Number(count)).toBe(0);
  });

  it('creates a new student and e-mails a one-time link to choose a password', async () => {
    const agent = await as(coordinator);
    const page = await agent.get(`/cohorts/${cohortId}/enrolments/new`);
    await agent.post(`/cohorts/${cohortId}/enrolments`).type('form').send(form({ _csrf: csrfFrom(page.text), email: 'Nina.New@example.test', name: 'Nina New' }));
    const cohortPage = await agent.get(`/cohorts/${cohortId}`);
    expect(mainText(cohortPage.text)).toContain('En invitasjon med lenke for å velge passord er sendt til nina.new@example.test');
    expect(cohortPage.text).not.toContain('/invitations/');
    const [mail] = await t.dataSource.query("SELECT subject, text FROM mail_outbox WHERE to_address = 'nina.new@example.test'");
    expect(mail.subject).toBe('Du er invitert til Brobygger');
    const link = new RegExp(`${t.config.publicUrl}(/invitations/[A-Za-z0-9_-]+)`).exec(mail.text)![1];

    const newcomer = browser(t);
    const invitation = await newcomer.get(link);
    expect(mainText(invitation.text)).toContain('Velkommen til Brobygger, Nina New.');
    const short = await newcomer.post(link).type('form').send({ _csrf: csrfFrom(invitation.text), password: 'short', confirm: 'other' });
    expect(short.status).toBe(400);
    expect(mainText(short.text)).toContain('Passordet må ha minst 12 tegn.');
    expect(mainText(short.text)).toContain('Passordene er ikke like.');
    const done = await newcomer.post(link).type('form').send({ _csrf: csrfFrom(invitation.text), password: 'a good long password', confirm: 'a good long password' });
    expect(done.headers.location).toBe('/login?welcome=1');
    await newcomer.signIn('nina.new@example.test', 'a good long password');
    expect(mainText((await newcomer.get('/enrolments')).text)).toContain('MB høst');
    // The link works once.
    expect((await browser(t).get(link)).status).toBe(404);
  });

  it('changes supervisors and employer; the new supervisor then sees the student', async () => {
    const newSupervisor = await makeUser(t, ['supervisor'], { name: 'Siv Supervisor' });
    const [enrolment] = await t.dataSource.query(`SELECT id FROM enrolments WHERE cohort_id = ${cohortId} AND student_id = ${student.id}`);
    const agent = await as(coordinator);
    const page = await agent.get(`/enrolments/${enrolment.id}/edit`);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const organisationId = employer.organisationId!;
    const res = await agent.post(`/enrolments/${enrolment.id}/edit`).type('form').send(form({ _csrf: csrfFrom(page.text), version, supervisors: [String(newSupervisor.id)], employer: String(organisationId) }));
    expect(res.status).toBe(303);
    expect(mainText((await (await as(newSupervisor)).get('/supervision')).text)).toContain('Sara Student');
    expect(mainText((await (await as(supervisor)).get('/supervision')).text)).not.toContain('Sara Student');

    // A second save from the same (now stale) form is a conflict, not an overwrite.
    const stale = await agent.post(`/enrolments/${enrolment.id}/edit`).type('form').send(form({ _csrf: csrfFrom(page.text), version, supervisors: [String(supervisor.id)] }));
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain('Noen andre har endret dette');
  });

  it('renames the cohort, and answers a stale edit with a conflict', async () => {
    const agent = await as(coordinator);
    const page = await agent.get(`/cohorts/${cohortId}/edit`);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const fields = { _csrf: csrfFrom(page.text), version, name: 'MB høst 2026', startDate: '2026-08-03', coordinators: [String(coordinator.id)] };
    expect((await agent.post(`/cohorts/${cohortId}`).type('form').send(form(fields))).status).toBe(303);
    expect(mainText((await agent.get(`/cohorts/${cohortId}`)).text)).toContain('MB høst 2026');
    expect((await agent.post(`/cohorts/${cohortId}`).type('form').send(form({ ...fields, name: 'Overwrite' }))).status).toBe(409);
    expect(mainText((await agent.get(`/cohorts/${cohortId}`)).text)).not.toContain('Overwrite');
  });

  it('lets an administrator see every cohort', async () => {
    const agent = await as(admin);
    expect((await agent.get(`/cohorts/${cohortId}`)).status).toBe(200);
    expect(mainText((await agent.get('/cohorts')).text)).toContain('MB høst');
  });

  describe('who may not reach it', () => {
    it.each([
      ['another coordinator', () => otherCoordinator],
      ['a supervisor', () => supervisor],
      ['a student', () => student],
      ['an employer', () => employer],
    ])('answers %s with 404 on every page and form, and changes nothing', async (_who, person) => {
      const agent = await as(person());
      const [enrolment] = await t.dataSource.query(`SELECT id FROM enrolments WHERE cohort_id = ${cohortId} ORDER BY id LIMIT 1`);
      for (const path of [`/cohorts/${cohortId}`, `/cohorts/${cohortId}/edit`, `/cohorts/${cohortId}/enrolments/new`, `/enrolments/${enrolment.id}/edit`]) {
        expect([path, (await agent.get(path)).status]).toEqual([path, 404]);
      }
      const token = csrfFrom((await agent.get('/')).text);
      const posts: [string, Record<string, string | string[]>][] = [
        [`/cohorts/${cohortId}`, { name: 'Taken over', startDate: '2026-08-03', version: '99', coordinators: [String(person().id)] }],
        [`/cohorts/${cohortId}/enrolments`, { email: 'intruder@example.test', name: 'Intruder' }],
        [`/enrolments/${enrolment.id}/edit`, { supervisors: [String(supervisor.id)], version: '1' }],
      ];
      for (const [path, fields] of posts) {
        expect([path, (await agent.post(path).type('form').send(form({ _csrf: token, ...fields }))).status]).toEqual([path, 404]);
      }
      const [{ name }] = await t.dataSource.query(`SELECT name FROM cohorts WHERE id = ${cohortId}`);
      expect(name).not.toBe('Taken over');
      const [{ count }] = await t.dataSource.query("SELECT COUNT(*) AS count FROM users WHERE email = 'intruder@example.test'");
      expect(Number(count)).toBe(0);
    });

    it('keeps the cohort list and the new-cohort form to coordinators and administrators', async () => {
      for (const person of [supervisor, student, employer]) {
        const agent = await as(person);
        expect((await agent.get('/cohorts')).status).toBe(404);
        expect((await agent.get('/cohorts/new')).status).toBe(404);
        const token = csrfFrom((await agent.get('/')).text);
        expect((await agent.post('/cohorts').type('form').send(form({ _csrf: token, name: 'X', programme: 'mb-bergen', startDate: '2027-01-01' }))).status).toBe(404);
      }
    });

    it("does not list another coordinator's cohort", async () => {
      expect(mainText((await (await as(otherCoordinator)).get('/cohorts')).text)).not.toContain('MB høst');
    });
  });
});

describe('a form whose fields break their rules is shown again whole, with what was typed', () => {
  let cohortId: number;
  let enrolmentId: number;
  let organisationId: number;
  const checked = (html: string, box: string) => new RegExp(`id="${box}"[^>]*checked`).test(html);

  beforeAll(async () => {
    const version = t.app.get(CurriculaService).getCurrent('mb-bergen');
    const setup = t.app.get(CohortSetupService);
    cohortId = (await setup.create({ name: 'Kull med feil', curriculumVersionId: version.id, startDate: '2026-09-07', coordinatorIds: [coordinator.id] })).id;
    organisationId = employer.organisationId!;
    const learner = await makeUser(t, ['student'], { name: 'Lina Learner' });
    enrolmentId = (await setup.enrol({ cohortId, studentId: learner.id, supervisorIds: [supervisor.id], employerOrganisationId: organisationId })).id;
  });

  it('a new cohort without a name keeps its programme, weekdays and coordinators', async () => {
    const agent = await as(coordinator);
    const page = await agent.get('/cohorts/new');
    const weekdays = schedule.weekdays.slice(0, 2);
    const res = await agent.post('/cohorts').type('form').send(
      form({ _csrf: csrfFrom(page.text), name: '', programme: 'erfaringsskolen', startDate: '2027-01-11', weekdays, coordinators: [String(coordinator.id), String(otherCoordinator.id)] }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('action="/cohorts"');
    expect(res.text).toMatch(/id="name-error">[\s\S]*?Skriv inn et navn på kullet\./);
    expect(res.text).toMatch(/id="startDate"[^>]*value="2027-01-11"/);
    expect(res.text).toMatch(/<option value="erfaringsskolen" selected>/);
    for (const day of ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']) {
      expect([day, checked(res.text, `weekdays-${day}`)]).toEqual([day, weekdays.includes(day)]);
    }
    expect(checked(res.text, `coordinators-${coordinator.id}`)).toBe(true);
    expect(checked(res.text, `coordinators-${otherCoordinator.id}`)).toBe(true);
    expect(mainText(res.text)).toContain('Other Coordinator');
  });

  it('an edited cohort without a name keeps its address, its coordinators and the typed start date', async () => {
    const agent = await as(coordinator);
    const page = await agent.get(`/cohorts/${cohortId}/edit`);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const res = await agent.post(`/cohorts/${cohortId}`).type('form').send(
      form({ _csrf: csrfFrom(page.text), version, name: ' ', startDate: '2026-09-14', coordinators: [String(coordinator.id), String(otherCoordinator.id)] }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain(`action="/cohorts/${cohortId}"`);
    expect(res.text).toContain(`href="/cohorts/${cohortId}">Kull med feil</a>`);
    expect(res.text).toMatch(/id="name-error">[\s\S]*?Skriv inn et navn på kullet\./);
    expect(res.text).toMatch(/id="startDate"[^>]*value="2026-09-14"/);
    expect(res.text).toContain(`name="version" value="${version}"`);
    expect(checked(res.text, `coordinators-${coordinator.id}`)).toBe(true);
    expect(checked(res.text, `coordinators-${otherCoordinator.id}`)).toBe(true);
    const [{ name }] = await t.dataSource.query(`SELECT name FROM cohorts WHERE id = ${cohortId}`);
    expect(name).toBe('Kull med feil');
  });

  it('an enrolment without an e-mail keeps the cohort, the name, the supervisors and the employer chosen', async () => {
    const agent = await as(coordinator);
    const page = await agent.get(`/cohorts/${cohortId}/enrolments/new`);
    const res = await agent.post(`/cohorts/${cohortId}/enrolments`).type('form').send(
      form({ _csrf: csrfFrom(page.text), email: '', name: 'Nils Nykommer', supervisors: [String(supervisor.id)], employer: String(organisationId) }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain(`action="/cohorts/${cohortId}/enrolments"`);
    expect(mainText(res.text)).toContain('Kull med feil');
    expect(res.text).toMatch(/id="email-error">[\s\S]*?Skriv inn deltakerens e-postadresse\./);
    expect(res.text).toMatch(/id="name"[^>]*value="Nils Nykommer"/);
    expect(checked(res.text, `supervisors-${supervisor.id}`)).toBe(true);
    expect(res.text).toContain(`<option value="${organisationId}" selected>Fjordvik kommune</option>`);
  });

  it("an enrolment's change with its version altered keeps the enrolment, its supervisors and the employer chosen", async () => {
    const agent = await as(coordinator);
    const page = await agent.get(`/enrolments/${enrolmentId}/edit`);
    const res = await agent.post(`/enrolments/${enrolmentId}/edit`).type('form').send(
      form({ _csrf: csrfFrom(page.text), version: 'abc', supervisors: [String(supervisor.id)], employer: String(organisationId) }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain(`action="/enrolments/${enrolmentId}/edit"`);
    expect(mainText(res.text)).toContain('Lina Learner');
    expect(mainText(res.text)).toContain('Skjemaet var ikke slik siden sendte det.');
    expect(checked(res.text, `supervisors-${supervisor.id}`)).toBe(true);
    expect(res.text).toContain(`<option value="${organisationId}" selected>Fjordvik kommune</option>`);
  });

  it('an edited cohort whose start date is locked by attendance shows the stored start date, whatever was sent', async () => {
    const setup = t.app.get(CohortSetupService);
    const version = t.app.get(CurriculaService).getCurrent('mb-bergen');
    const started = (await setup.create({ name: 'Kull i gang', curriculumVersionId: version.id, startDate: '2026-09-07', coordinatorIds: [coordinator.id] })).id;
    const { id: learnerEnrolment } = await setup.enrol({ cohortId: started, studentId: (await makeUser(t, ['student'])).id, supervisorIds: [] });
    const [day] = await t.dataSource.query(`SELECT id FROM teaching_days WHERE cohort_id = ${started} ORDER BY date LIMIT 1`);
    await t.dataSource.getRepository(AttendanceRecord).insert({ teachingDayId: day.id, enrolmentId: learnerEnrolment, status: 'present', recordedBy: coordinator.id });
    const agent = await as(coordinator);
    const page = await agent.get(`/cohorts/${started}/edit`);
    const recordVersion = /name="version" value="(\d+)"/.exec(page.text)![1];
    const res = await agent.post(`/cohorts/${started}`).type('form').send(
      form({ _csrf: csrfFrom(page.text), version: recordVersion, name: '', startDate: ['2026-09-07', '2026-10-05'], coordinators: [String(coordinator.id)] }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('name="startDate" value="2026-09-07"');
    expect(mainText(res.text)).toContain('7. september 2026');
    expect(res.text).toMatch(/id="name-error">[\s\S]*?Skriv inn et navn på kullet\./);
  });

  it('is not found, rather than shown, for a coordinator of another cohort', async () => {
    const agent = await as(otherCoordinator);
    const token = csrfFrom((await agent.get('/')).text);
    const posts: [string, Record<string, string | string[]>][] = [
      [`/cohorts/${cohortId}`, { name: '', startDate: '2026-09-07', version: '1' }],
      [`/cohorts/${cohortId}/enrolments`, { email: '' }],
      [`/enrolments/${enrolmentId}/edit`, { version: 'abc' }],
    ];
    for (const [path, fields] of posts) {
      const res = await agent.post(path).type('form').send(form({ _csrf: token, ...fields }));
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain('Kull med feil');
    }
  });
});
