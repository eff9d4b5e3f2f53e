import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { CurriculaService } from '../src/curricula/curricula.service';
import { MailService } from '../src/mail/mail.service';
import { PEOPLE_PAGE_SIZE } from '../src/people/people.service';
import { formFor } from './support/forms';
import { browser, csrfFrom, makeUser, mainText, signedIn, startTestApp, TestApp } from './support/test-app';

// Administrators manage people and organisations; coordinators invite supervisors and employer contacts
// into their own cohorts. Over HTTP, on SQLite and (when the test command asks) PostgreSQL.

type Person = Awaited<ReturnType<typeof makeUser>>;

let t: TestApp;
let admin: Person;
let coordinator: Person;
let otherCoordinator: Person;
let supervisor: Person;
let student: Person;
let employer: Person;
let organisationId: number;

beforeAll(async () => {
  t = await startTestApp();
  admin = await makeUser(t, ['admin'], { name: 'Ada Admin' });
  coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Coordinator' });
  otherCoordinator = await makeUser(t, ['coordinator'], { name: 'Olav Other' });
  supervisor = await makeUser(t, ['supervisor'], { name: 'Per Supervisor' });
  student = await makeUser(t, ['student'], { name: 'Sara Student' });
  organisationId = (await t.users.createOrganisation('Fjordvik kommune')).id;
  employer = await makeUser(t, ['employer'], { name: 'Eva Employer', organisationId });
});

afterAll(async () => {
  await t.close();
});

afterEach(() => jest.restoreAllMocks());

const as = (user: { email: string }) => signedIn(t, user);

/** Posts a form the way a browser does: repeated names for checkboxes. */
function encode(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of ([] as string[]).concat(value)) params.append(key, v);
  return params.toString();
}

async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const text = t.dataSource.options.type === 'postgres' ? sql.replace(/\?/g, (() => { let n = 0; return () => `$${++n}`; })()) : sql;
  return t.dataSource.query(text, params);
}

const count = async (sql: string, params: unknown[] = []) => Number((await query<{ n: string | number }>(sql, params))[0].n);
const mailsTo = (email: string) => count('SELECT COUNT(*) AS n FROM mail_outbox WHERE to_address = ?', [email]);
const userByEmail = async (email: string) => (await query<{ id: number; name: string; active: boolean | number; organisation_id: number | null; version: number }>('SELECT id, name, active, organisation_id, version FROM users WHERE email = ?', [email]))[0];
const rolesOf = async (id: number) => (await query<{ role: string }>('SELECT role FROM user_roles WHERE user_id = ? ORDER BY role', [id])).map((r) => r.role);

/** The edit page's form as the browser would send it, with some fields changed. */
async function editPerson(agent: Awaited<ReturnType<typeof as>>, id: number, changes: Record<string, string | string[]>) {
  const page = await agent.get(`/people/${id}`);
  const form = formFor(page.text, `/people/${id}`);
  return agent.post(`/people/${id}`).type('form').send(encode({ ...form.fields, ...changes }));
}

describe('the list of people', () => {
  it('shows name, e-mail, roles, organisation, whether active and the last sign-in', async () => {
    const agent = await as(admin);
    const page = await agent.get(`/people?q=${encodeURIComponent('Eva Employer')}`);
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain('Eva Employer');
    expect(text).toContain(employer.email);
    expect(text).toContain('Arbeidsgiver');
    expect(text).toContain('Fjordvik kommune');
    expect(text).toContain('Aktiv');
    expect(text).toMatch(/Sist innlogget Aldri/);

    // Signing in is noted, without moving the version an open edit form was made from.
    const before = await userByEmail(employer.email);
    await as(employer);
    const after = await userByEmail(employer.email);
    expect(after.version).toBe(before.version);
    const again = mainText((await agent.get(`/people?q=${encodeURIComponent('Eva Employer')}`)).text);
    expect(again).not.toMatch(/Sist innlogget Aldri/);
    expect(again).toMatch(/Sist innlogget \d+\. \w+\.? \d{4}/);
  });

  it('finds people by a piece of the name or e-mail, in any case and with Norwegian letters, and keeps what was typed', async () => {
    await makeUser(t, ['supervisor'], { name: 'Øystein Ærlig-Åsen', email: 'oystein@fjord.example' });
    const agent = await as(admin);
    for (const typed of ['øYSTEIN', 'ærlig-å', 'FJORD.EXAMPLE']) {
      const page = await agent.get(`/people?q=${encodeURIComponent(typed)}`);
      expect([typed, mainText(page.text)]).toEqual([typed, expect.stringContaining('Øystein Ærlig-Åsen')]);
      expect(mainText(page.text)).not.toContain('Sara Student');
      expect(page.text).toContain(`id="q" name="q" type="search" value="${typed}"`);
    }
    // The characters LIKE reads as patterns are taken literally.
    expect(mainText((await agent.get('/people?q=%25')).text)).toContain('Ingen personer passer til søket.');
    expect(mainText((await agent.get('/people?q=_')).text)).toContain('Ingen personer passer til søket.');
  });

  it('filters by role and keeps the chosen role', async () => {
    const agent = await as(admin);
    const page = await agent.get('/people?role=supervisor');
    const text = mainText(page.text);
    expect(text).toContain('Per Supervisor');
    expect(text).not.toContain('Sara Student');
    expect(text).not.toContain('Kari Coordinator');
    expect(page.text).toMatch(/<option value="supervisor" selected>/);
    // A role that is none is no filter.
    expect(mainText((await agent.get('/people?role=king')).text)).toContain('Sara Student');
  });

  it('pages a long list with links that keep the search', async () => {
    for (let i = 0; i < PEOPLE_PAGE_SIZE + 5; i += 1) {
      await t.users.create({ email: `pager${String(i).padStart(2, '0')}@example.test`, name: `Pager ${String(i).padStart(2, '0')}`, roles: ['student'] });
    }
    const agent = await as(admin);
    const first = await agent.get('/people?q=pager&role=student');
    expect(mainText(first.text)).toContain(`Viser 1–${PEOPLE_PAGE_SIZE} av ${PEOPLE_PAGE_SIZE + 5}.`);
    expect(mainText(first.text)).toContain('Pager 00');
    expect(mainText(first.text)).not.toContain(`Pager ${PEOPLE_PAGE_SIZE + 4}`);
    expect(first.text).not.toContain('rel="prev"');
    const next = /<a href="([^"]+)" rel="next">Neste side<\/a>/.exec(first.text)![1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(next).toBe('/people?q=pager&role=student&page=2');
    const second = await agent.get(next);
    expect(mainText(second.text)).toContain(`Viser ${PEOPLE_PAGE_SIZE + 1}–${PEOPLE_PAGE_SIZE + 5} av ${PEOPLE_PAGE_SIZE + 5}.`);
    expect(mainText(second.text)).toContain(`Pager ${PEOPLE_PAGE_SIZE + 4}`);
    expect(mainText(second.text)).toContain('Side 2 av 2');
    expect(second.text).toContain('<a href="/people?q&#x3D;pager&amp;role&#x3D;student&amp;page&#x3D;1" rel="prev">Forrige side</a>');
    // A page past the end shows the last one.
    expect(mainText((await agent.get('/people?q=pager&page=99')).text)).toContain(`Pager ${PEOPLE_PAGE_SIZE + 4}`);
  });
});

describe('making a person', () => {
  it('creates the account with its roles and organisation and e-mails the invitation', async () => {
    const agent = await as(admin);
    const page = await agent.get('/people/new');
    expect(page.status).toBe(200);
    const res = await agent.post('/people').type('form').send(
      encode({ _csrf: csrfFrom(page.text), name: 'Nils Ny', email: 'Nils.Ny@Example.test', roles: ['supervisor', 'employer'], organisation: String(organisationId) }),
    );
    expect(res.status).toBe(303);
    const shown = mainText((await agent.get(res.headers.location)).text);
    expect(shown).toContain('Nils Ny er opprettet. En invitasjon med lenke for å velge passord er sendt til nils.ny@example.test');
    const nils = await userByEmail('nils.ny@example.test');
    expect(res.headers.location).toBe(`/people/${nils.id}`);
    expect(await rolesOf(nils.id)).toEqual(['employer', 'supervisor']);
    expect(Number(nils.organisation_id)).toBe(organisationId);
    const [mail] = await query<{ subject: string; text: string }>('SELECT subject, text FROM mail_outbox WHERE to_address = ?', ['nils.ny@example.test']);
    expect(mail.subject).toBe('Du er invitert til Brobygger');
    expect(mail.text).toContain('Ada Admin');
    const link = new RegExp(`${t.config.publicUrl}(/invitations/[A-Za-z0-9_-]+)`).exec(mail.text)![1];
    expect((await browser(t).get(link)).status).toBe(200);
  });

  it('stores neither the account nor its e-mail when the invitation cannot be written', async () => {
    jest.spyOn(t.app.get(MailService), 'enqueue').mockRejectedValueOnce(new Error('the outbox is unreachable'));
    const agent = await as(admin);
    const page = await agent.get('/people/new');
    const res = await agent.post('/people').type('form').send(encode({ _csrf: csrfFrom(page.text), name: 'Half Made', email: 'half@example.test', roles: ['student'] }));
    expect(res.status).toBe(500);
    expect(await userByEmail('half@example.test')).toBeUndefined();
    expect(await mailsTo('half@example.test')).toBe(0);
  });

  it('explains every mistake beside its field, keeps what was typed and makes nothing', async () => {
    const agent = await as(admin);
    const page = await agent.get('/people/new');
    const token = csrfFrom(page.text);
    const employerWithout = await agent.post('/people').type('form').send(encode({ _csrf: token, name: 'Emil Employer', email: 'emil@example.test', roles: ['employer'], organisation: '' }));
    expect(employerWithout.status).toBe(400);
    expect(employerWithout.text).toMatch(/id="organisation-error">[\s\S]*En arbeidsgiver må høre til en virksomhet/);
    expect(employerWithout.text).toMatch(/<select id="organisation" name="organisation" aria-invalid="true" aria-describedby="organisation-hint organisation-error">/);
    expect(employerWithout.text).toMatch(/id="name"[^>]*value="Emil Employer"/);
    expect(employerWithout.text).toMatch(/id="roles-employer"[^>]*checked/);

    const nothing = await agent.post('/people').type('form').send(encode({ _csrf: token, name: '', email: 'not-an-address', organisation: '999999' }));
    expect(nothing.status).toBe(400);
    expect(nothing.text).toMatch(/id="name-error">[\s\S]*Skriv inn navnet/);
    expect(nothing.text).toMatch(/id="email-error">[\s\S]*gyldig e-postadresse/);
    expect(nothing.text).toMatch(/id="roles-error">[\s\S]*Velg minst én rolle/);
    expect(nothing.text).toMatch(/id="organisation-error">[\s\S]*Velg en virksomhet fra listen/);
    expect(nothing.text).toMatch(/id="email"[^>]*value="not-an-address"/);

    const unknownRole = await agent.post('/people').type('form').send(encode({ _csrf: token, name: 'X', email: 'x@example.test', roles: ['student', 'king'] }));
    expect(unknownRole.status).toBe(400);
    expect(unknownRole.text).toMatch(/id="roles-error">[\s\S]*Velg roller fra listen/);

    const taken = await agent.post('/people').type('form').send(encode({ _csrf: token, name: 'Twin', email: student.email.toUpperCase(), roles: ['student'] }));
    expect(taken.status).toBe(400);
    expect(taken.text).toMatch(/id="email-error">[\s\S]*En annen konto har allerede denne e-postadressen/);

    for (const email of ['emil@example.test', 'x@example.test', 'not-an-address']) expect(await userByEmail(email)).toBeUndefined();
    expect(await mailsTo('emil@example.test')).toBe(0);
  });
});

describe('changing a person', () => {
  let person: Person;

  beforeAll(async () => {
    person = await makeUser(t, ['student'], { name: 'Tone Endres' });
  });

  it('changes name, e-mail, roles and organisation', async () => {
    const agent = await as(admin);
    const res = await editPerson(agent, person.id, { name: 'Tone Endret', email: 'Tone.Endret@Example.test', roles: ['supervisor', 'employer'], organisation: String(organisationId) });
    expect(res.status).toBe(303);
    const page = mainText((await agent.get(`/people/${person.id}`)).text);
    expect(page).toContain('Endringene for Tone Endret er lagret.');
    const stored = await userByEmail('tone.endret@example.test');
    expect(stored.name).toBe('Tone Endret');
    expect(Number(stored.organisation_id)).toBe(organisationId);
    expect(await rolesOf(person.id)).toEqual(['employer', 'supervisor']);
    // The new address signs in; the roles hold from the next request.
    const tone = await signedIn(t, { email: 'tone.endret@example.test' });
    expect((await tone.get('/supervision')).status).toBe(200);
    expect((await tone.get('/enrolments')).status).toBe(404);
  });

  it("refuses another person's e-mail in any case, and an employer without organisation", async () => {
    const agent = await as(admin);
    const taken = await editPerson(agent, person.id, { email: ` ${supervisor.email.toUpperCase()} ` });
    expect(taken.status).toBe(400);
    expect(taken.text).toMatch(/id="email-error">[\s\S]*En annen konto har allerede denne e-postadressen/);
    const noOrganisation = await editPerson(agent, person.id, { roles: ['employer'], organisation: '' });
    expect(noOrganisation.status).toBe(400);
    expect(noOrganisation.text).toMatch(/id="organisation-error">[\s\S]*En arbeidsgiver må høre til en virksomhet/);
    expect(await userByEmail(supervisor.email)).toMatchObject({ id: supervisor.id });
  });

  it('says so when someone else saved first, keeps what was typed and shows what is stored', async () => {
    const first = await as(admin);
    const second = await as(admin);
    const page = await second.get(`/people/${person.id}`);
    const stale = formFor(page.text, `/people/${person.id}`);
    expect((await editPerson(first, person.id, { name: 'Tone Først' })).status).toBe(303);

    const res = await second.post(`/people/${person.id}`).type('form').send(encode({ ...stale.fields, name: 'Tone Sist' }));
    expect(res.status).toBe(409);
    expect(res.text).toMatch(/id="person-error">[\s\S]*Noen andre har endret denne personen/);
    expect(res.text).toMatch(/id="name"[^>]*value="Tone Sist"/);
    expect(mainText(res.text)).toContain('Tone Først');
    expect((await userByEmail('tone.endret@example.test')).name).toBe('Tone Først');

    // Saving the form as shown again, now knowingly, goes through.
    const again = formFor(res.text, `/people/${person.id}`);
    expect(again.fields.name).toBe('Tone Sist');
    expect((await second.post(`/people/${person.id}`).type('form').send(encode(again.fields))).status).toBe(303);
    expect((await userByEmail('tone.endret@example.test')).name).toBe('Tone Sist');
  });

  it('answers an unknown person with 404', async () => {
    const agent = await as(admin);
    expect((await agent.get('/people/999999')).status).toBe(404);
    expect((await agent.get('/people/abc')).status).toBe(404);
  });
});

describe('deactivating and reactivating', () => {
  it('signs the person out at their next request, keeps them out and keeps their records', async () => {
    const leaving = await makeUser(t, ['student'], { name: 'Lea Leaving' });
    const version = t.app.get(CurriculaService).getCurrent('mb-bergen');
    const cohort = await t.app.get(CohortSetupService).create({ name: 'Deactivation cohort', curriculumVersionId: version.id, startDate: '2026-08-03', coordinatorIds: [coordinator.id] });
    await t.app.get(CohortSetupService).enrol({ cohortId: cohort.id, studentId: leaving.id, supervisorIds: [] });
    const session = await as(leaving);
    expect((await session.get('/enrolments')).status).toBe(200);

    const agent = await as(admin);
    const page = await agent.get(`/people/${leaving.id}`);
    const res = await agent.post(`/people/${leaving.id}/deactivate`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect(mainText((await agent.get(`/people/${leaving.id}`)).text)).toContain('Lea Leaving er deaktivert og logget ut.');

    const next = await session.get('/enrolments');
    expect(next.status).toBe(303);
    expect(next.headers.location).toMatch(/^\/login/);
    await expect(signedIn(t, leaving)).rejects.toThrow(/failed with 401/);
    expect(await count('SELECT COUNT(*) AS n FROM enrolments WHERE student_id = ?', [leaving.id])).toBe(1);
    expect(mainText((await agent.get('/people?q=Lea+Leaving')).text)).toContain('Deaktivert');

    const reactivate = await agent.get(`/people/${leaving.id}`);
    expect((await agent.post(`/people/${leaving.id}/reactivate`).type('form').send({ _csrf: csrfFrom(reactivate.text) })).status).toBe(303);
    expect((await (await as(leaving)).get('/enrolments')).status).toBe(200);
  });

  it('will not let administrators deactivate themselves or take away their own administrator role', async () => {
    const agent = await as(admin);
    const page = await agent.get(`/people/${admin.id}`);
    expect(page.text).not.toContain(`action="/people/${admin.id}/deactivate"`);
    const res = await agent.post(`/people/${admin.id}/deactivate`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="access-error">[\s\S]*Du kan ikke deaktivere din egen konto/);
    const demote = await editPerson(agent, admin.id, { roles: ['coordinator'] });
    expect(demote.status).toBe(400);
    expect(demote.text).toMatch(/id="roles-error">[\s\S]*Du kan ikke ta administratorrollen fra deg selv/);
    expect(await userByEmail(admin.email)).toMatchObject({ active: expect.anything() });
    expect(await rolesOf(admin.id)).toEqual(['admin']);
  });
});

describe('organisations', () => {
  const newOrganisation = async (agent: Awaited<ReturnType<typeof as>>, fields: Record<string, string>) => {
    const page = await agent.get('/organisations/new');
    return agent.post('/organisations').type('form').send(encode({ _csrf: csrfFrom(page.text), ...fields }));
  };

  it('creates an organisation with its kind, organisation number and contact address, and lists it', async () => {
    const agent = await as(admin);
    const res = await newOrganisation(agent, { name: 'Brønnøy recoverysenter', kind: 'both', organisationNumber: ' 974 760 673 ', contactEmail: 'Post@Bronnoy.example' });
    expect(res.status).toBe(303);
    const id = Number(res.headers.location.split('/').pop());
    const [stored] = await query<{ organisation_number: string; kind: string; contact_email: string }>('SELECT organisation_number, kind, contact_email FROM organisations WHERE id = ?', [id]);
    expect(stored).toEqual({ organisation_number: '974760673', kind: 'both', contact_email: 'post@bronnoy.example' });
    const page = mainText((await agent.get(res.headers.location)).text);
    expect(page).toContain('Brønnøy recoverysenter er opprettet.');
    const list = mainText((await agent.get('/organisations')).text);
    expect(list).toContain('Brønnøy recoverysenter');
    expect(list).toContain('Arbeidsgiver og praksissted');
    expect(list).toContain('974 760 673');
    expect(list).toMatch(/Fjordvik kommune Type virksomhet Arbeidsgiver Organisasjonsnummer Ikke oppgitt E-postadresse til kontakt Ikke oppgitt Personer \d+/);
  });

  it('checks the organisation number, its uniqueness, the kind and the address, beside each field', async () => {
    const agent = await as(admin);
    const wrongCheckDigit = await newOrganisation(agent, { name: 'Feil AS', kind: 'employer', organisationNumber: '974760674' });
    expect(wrongCheckDigit.status).toBe(400);
    expect(wrongCheckDigit.text).toMatch(/id="organisationNumber-error">[\s\S]*kontrollsifferet stemmer ikke/);
    expect(wrongCheckDigit.text).toMatch(/id="organisationNumber"[^>]*value="974760674"/);
    expect(wrongCheckDigit.text).toMatch(/id="kind-employer"[^>]*checked/);

    const tooShort = await newOrganisation(agent, { name: 'Kort AS', kind: 'placement', organisationNumber: '97476067' });
    expect(tooShort.text).toMatch(/id="organisationNumber-error">[\s\S]*ni sifre/);
    const taken = await newOrganisation(agent, { name: 'Kopi AS', kind: 'employer', organisationNumber: '974760673' });
    expect(taken.status).toBe(400);
    expect(taken.text).toMatch(/id="organisationNumber-error">[\s\S]*En annen virksomhet har allerede dette organisasjonsnummeret/);
    const noKind = await newOrganisation(agent, { name: 'Uten type', kind: '', contactEmail: 'nope' });
    expect(noKind.status).toBe(400);
    expect(noKind.text).toMatch(/id="kind-error">[\s\S]*Velg om virksomheten er arbeidsgiver/);
    expect(noKind.text).toMatch(/id="contactEmail-error">[\s\S]*gyldig e-postadresse/);
    expect(await count("SELECT COUNT(*) AS n FROM organisations WHERE name IN ('Feil AS', 'Kort AS', 'Kopi AS', 'Uten type')")).toBe(0);
    // Without a number is fine, and several may be without.
    expect((await newOrganisation(agent, { name: 'Uten nummer 1', kind: 'placement' })).status).toBe(303);
    expect((await newOrganisation(agent, { name: 'Uten nummer 2', kind: 'placement', organisationNumber: '' })).status).toBe(303);
  });

  it('edits an organisation, and says so when someone else saved first', async () => {
    const agent = await as(admin);
    const created = await newOrganisation(agent, { name: 'Endre AS', kind: 'employer' });
    const path = created.headers.location;
    const page = await agent.get(path);
    const form = formFor(page.text, path);
    const saved = await agent.post(path).type('form').send(encode({ ...form.fields, name: 'Endret AS', kind: 'placement', organisationNumber: '958935420' }));
    expect(saved.status).toBe(303);
    expect(mainText((await agent.get(path)).text)).toContain('Endringene for Endret AS er lagret.');

    const stale = await agent.post(path).type('form').send(encode({ ...form.fields, name: 'Gammel AS' }));
    expect(stale.status).toBe(409);
    expect(stale.text).toMatch(/id="organisation-error">[\s\S]*Noen andre har endret denne virksomheten/);
    expect(stale.text).toMatch(/id="name"[^>]*value="Gammel AS"/);
    expect(mainText(stale.text)).toContain('958 935 420');
    const [stored] = await query<{ name: string }>('SELECT name FROM organisations WHERE id = ?', [Number(path.split('/').pop())]);
    expect(stored.name).toBe('Endret AS');
  });

  it('lists the people who belong to an organisation on its page', async () => {
    const agent = await as(admin);
    const text = mainText((await agent.get(`/organisations/${organisationId}`)).text);
    expect(text).toContain('Eva Employer');
  });
});

describe('coordinators invite supervisors and employer contacts into their own cohorts', () => {
  let cohortId: number;

  beforeAll(async () => {
    const version = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
    cohortId = (await t.app.get(CohortSetupService).create({ name: 'Invitasjonskullet', curriculumVersionId: version.id, startDate: '2026-08-03', coordinatorIds: [coordinator.id] })).id;
  });

  async function invite(agent: Awaited<ReturnType<typeof as>>, role: 'supervisor' | 'employer', fields: Record<string, string>) {
    const page = await agent.get(`/cohorts/${cohortId}/invite/${role}`);
    expect(page.status).toBe(200);
    return agent.post(`/cohorts/${cohortId}/invite/${role}`).type('form').send(encode({ _csrf: csrfFrom(page.text), ...fields }));
  }

  it('links to both invitations from the cohort page', async () => {
    const page = await (await as(coordinator)).get(`/cohorts/${cohortId}`);
    expect(page.text).toContain(`href="/cohorts/${cohortId}/invite/supervisor"`);
    expect(page.text).toContain(`href="/cohorts/${cohortId}/invite/employer"`);
  });

  it('makes a new supervisor, e-mails the invitation, and offers them on the enrolment form', async () => {
    const agent = await as(coordinator);
    const res = await invite(agent, 'supervisor', { email: 'Vera.Veileder@Example.test', name: 'Vera Veileder' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/cohorts/${cohortId}`);
    expect(mainText((await agent.get(res.headers.location)).text)).toContain('Vera Veileder er invitert som praksisveileder. En invitasjon med lenke for å velge passord er sendt til vera.veileder@example.test');
    const vera = await userByEmail('vera.veileder@example.test');
    expect(await rolesOf(vera.id)).toEqual(['supervisor']);
    expect(await mailsTo('vera.veileder@example.test')).toBe(1);
    // The invitation says which cohort it is for.
    const [mail] = await query<{ text: string; html: string }>('SELECT text, html FROM mail_outbox WHERE to_address = ?', ['vera.veileder@example.test']);
    expect(mail.text).toContain('Du er invitert til kullet Invitasjonskullet i Erfaringsskolen');
    expect(mail.text).toContain('Kari Coordinator har laget en konto til deg');
    const enrolForm = await agent.get(`/cohorts/${cohortId}/enrolments/new`);
    expect(enrolForm.text).toContain(`id="supervisors-${vera.id}"`);
    expect(mainText(enrolForm.text)).toContain('Vera Veileder');
  });

  it('gives the role to an existing person without a new invitation, and says so', async () => {
    const agent = await as(coordinator);
    const before = await mailsTo(student.email);
    const res = await invite(agent, 'supervisor', { email: student.email.toUpperCase(), name: '' });
    expect(res.status).toBe(303);
    expect(mainText((await agent.get(`/cohorts/${cohortId}`)).text)).toContain('Sara Student hadde allerede en konto og er nå også praksisveileder. Ingen ny invitasjon trengs.');
    expect(await rolesOf(student.id)).toEqual(['student', 'supervisor']);
    expect(await mailsTo(student.email)).toBe(before);

    await invite(agent, 'supervisor', { email: supervisor.email });
    expect(mainText((await agent.get(`/cohorts/${cohortId}`)).text)).toContain('Per Supervisor er allerede praksisveileder. Ingenting er endret.');
  });

  it('makes an employer contact in the chosen organisation, which the enrolment form offers', async () => {
    const agent = await as(coordinator);
    const res = await invite(agent, 'employer', { email: 'arne@fjordvik.example', name: 'Arne Arbeidsgiver', organisation: String(organisationId) });
    expect(res.status).toBe(303);
    expect(mainText((await agent.get(`/cohorts/${cohortId}`)).text)).toContain('Arne Arbeidsgiver er invitert som arbeidsgiverkontakt');
    const arne = await userByEmail('arne@fjordvik.example');
    expect(await rolesOf(arne.id)).toEqual(['employer']);
    expect(Number(arne.organisation_id)).toBe(organisationId);
    expect(await mailsTo('arne@fjordvik.example')).toBe(1);
    const enrolForm = await agent.get(`/cohorts/${cohortId}/enrolments/new`);
    expect(enrolForm.text).toContain(`<option value="${organisationId}">Fjordvik kommune</option>`);
  });

  it('explains what is missing or wrong, keeps what was typed and changes nothing', async () => {
    const agent = await as(coordinator);
    const noOrganisation = await invite(agent, 'employer', { email: 'nobody@fjordvik.example', name: 'Nobody', organisation: '' });
    expect(noOrganisation.status).toBe(400);
    expect(noOrganisation.text).toMatch(/id="organisation-error">[\s\S]*Velg virksomheten kontaktpersonen hører til/);
    expect(noOrganisation.text).toMatch(/id="name"[^>]*value="Nobody"/);

    const noName = await invite(agent, 'supervisor', { email: 'unknown@example.test', name: '' });
    expect(noName.status).toBe(400);
    expect(noName.text).toMatch(/id="name-error">[\s\S]*Det finnes ingen konto med denne e-postadressen/);

    const other = await t.users.createOrganisation('Annen virksomhet');
    const elsewhere = await invite(agent, 'employer', { email: employer.email, organisation: String(other.id) });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toMatch(/id="organisation-error">[\s\S]*hører allerede til en annen virksomhet/);

    const gone = await makeUser(t, ['student'], { name: 'Gone Person' });
    await t.users.setActive(gone.id, false);
    const deactivated = await invite(agent, 'supervisor', { email: gone.email });
    expect(deactivated.status).toBe(400);
    expect(deactivated.text).toMatch(/id="email-error">[\s\S]*deaktivert/);

    expect(await userByEmail('nobody@fjordvik.example')).toBeUndefined();
    expect(await userByEmail('unknown@example.test')).toBeUndefined();
    expect(await rolesOf(employer.id)).toEqual(['employer']);
    expect(Number((await userByEmail(employer.email)).organisation_id)).toBe(organisationId);
    expect(await rolesOf(gone.id)).toEqual(['student']);
  });

  it("answers anyone who does not run the cohort with 404, and makes no one", async () => {
    for (const person of [otherCoordinator, supervisor, student, employer]) {
      const agent = await as(person);
      const token = csrfFrom((await agent.get('/')).text);
      for (const role of ['supervisor', 'employer']) {
        const path = `/cohorts/${cohortId}/invite/${role}`;
        expect([person.name, path, (await agent.get(path)).status]).toEqual([person.name, path, 404]);
        const res = await agent.post(path).type('form').send(encode({ _csrf: token, email: 'intruder@example.test', name: 'Intruder', organisation: String(organisationId) }));
        expect([person.name, path, res.status]).toEqual([person.name, path, 404]);
      }
    }
    expect(await userByEmail('intruder@example.test')).toBeUndefined();
    expect(await mailsTo('intruder@example.test')).toBe(0);
  });

  it('lets an administrator invite into any cohort', async () => {
    const res = await invite(await as(admin), 'supervisor', { email: 'admins.pick@example.test', name: 'Admins Pick' });
    expect(res.status).toBe(303);
    expect(await rolesOf((await userByEmail('admins.pick@example.test')).id)).toEqual(['supervisor']);
  });
});

describe('who may not reach the administrators’ pages', () => {
  it.each([
    ['a student', () => student],
    ['a supervisor', () => supervisor],
    ['an employer', () => employer],
    ['a coordinator', () => coordinator],
  ])('answers %s with 404 on every page and form, and changes nothing', async (_who, person) => {
    const agent = await as(person());
    const target = otherCoordinator;
    for (const path of ['/people', '/people?q=a', '/people/new', `/people/${target.id}`, '/organisations', '/organisations/new', `/organisations/${organisationId}`]) {
      expect([path, (await agent.get(path)).status]).toEqual([path, 404]);
    }
    const token = csrfFrom((await agent.get('/')).text);
    const posts: [string, Record<string, string | string[]>][] = [
      ['/people', { name: 'Sneaky', email: 'sneaky@example.test', roles: ['admin'] }],
      [`/people/${target.id}`, { name: 'Taken over', email: target.email, roles: ['admin'], version: '1' }],
      [`/people/${target.id}/deactivate`, {}],
      [`/people/${target.id}/reactivate`, {}],
      ['/organisations', { name: 'Sneaky AS', kind: 'employer' }],
      [`/organisations/${organisationId}`, { name: 'Taken over AS', kind: 'employer', version: '1' }],
    ];
    for (const [path, fields] of posts) {
      expect([path, (await agent.post(path).type('form').send(encode({ _csrf: token, ...fields }))).status]).toEqual([path, 404]);
    }
    expect(await userByEmail('sneaky@example.test')).toBeUndefined();
    expect((await userByEmail(target.email)).name).toBe('Olav Other');
    expect(await rolesOf(target.id)).toEqual(['coordinator']);
    expect(await count("SELECT COUNT(*) AS n FROM organisations WHERE name IN ('Sneaky AS', 'Taken over AS')")).toBe(0);
  });

  it('sends someone not signed in to sign in', async () => {
    const res = await browser(t).get('/people');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fpeople');
  });
});

describe('finding the tools', () => {
  it("links the administrator's home page and navigation to people and organisations", async () => {
    const home = await (await as(admin)).get('/');
    expect(mainText(home.text)).toContain('Personer og roller');
    expect(home.text).toMatch(/<main[\s\S]*href="\/people"[\s\S]*href="\/organisations"[\s\S]*<\/main>/);
    expect(home.text).toMatch(/<nav class="site-nav"[\s\S]*href="\/people"[\s\S]*href="\/organisations"/);
    const coordinatorHome = await (await as(coordinator)).get('/');
    expect(coordinatorHome.text).not.toContain('href="/people"');
  });

  it('shows the pages in English to those who chose it', async () => {
    const english = await makeUser(t, ['admin'], { name: 'Ann English', locale: 'en' });
    const agent = await as(english);
    expect(mainText((await agent.get('/people?q=Sara')).text)).toContain('Showing 1–1 of 1.');
    expect(mainText((await agent.get('/people/new')).text)).toContain('The person gets an e-mail with a link to choose a password.');
    expect(mainText((await agent.get('/organisations')).text)).toContain('Employers and practice placements.');
    expect(mainText((await agent.get(`/people/${student.id}`)).text)).toContain('Deactivate the account');
  });
});
