import request from 'supertest';
import { InvitationsService } from '../src/accounts/invitations.service';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addMonths, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { MailService } from '../src/mail/mail.service';
import { formFor } from './support/forms';
import { browser, csrfFrom, makeUser, mainText, PASSWORD, sessionCookie, signedIn, startTestApp, TestApp } from './support/test-app';

// Invitations end to end over HTTP: the e-mail that opens every new account, the list on which
// administrators and coordinators follow them up, and who may not touch them.

let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
let coordinator: Person;
let otherCoordinator: Person;
let admin: Person;
let student: Person;
let supervisor: Person;
let cohortId: number;
let otherCohortId: number;
let programme: { nb: string; en?: string };

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Kursansvarlig' });
  otherCoordinator = await makeUser(t, ['coordinator'], { name: 'Ola Annenkull' });
  admin = await makeUser(t, ['admin'], { name: 'Ada Admin' });
  student = await makeUser(t, ['student'], { name: 'Sara Student' });
  supervisor = await makeUser(t, ['supervisor'], { name: 'Per Praksisveileder' });
  const mb = t.app.get(CurriculaService).getCurrent('mb-bergen');
  programme = mb.content.title;
  const setup = t.app.get(CohortSetupService);
  const start = addMonths(today(), -1);
  cohortId = (await setup.create({ name: 'MB vår', curriculumVersionId: mb.id, startDate: start, coordinatorIds: [coordinator.id] })).id;
  otherCohortId = (await setup.create({ name: 'MB høst', curriculumVersionId: mb.id, startDate: start, coordinatorIds: [otherCoordinator.id] })).id;
  await setup.enrol({ cohortId, studentId: student.id, supervisorIds: [supervisor.id] });
});

afterAll(async () => {
  await t.close();
});

afterEach(() => jest.restoreAllMocks());

/** SQL with `?` placeholders, on either database. */
function query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
  let n = 0;
  return t.dataSource.query(t.dataSource.options.type === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql, params);
}

interface Mail {
  to_address: string;
  template: string;
  locale: string;
  subject: string;
  text: string;
  html: string;
}

/** The messages written to the outbox for this address, oldest first. */
const mailTo = (address: string) => query<Mail>('SELECT to_address, template, locale, subject, text, html FROM mail_outbox WHERE to_address = ? ORDER BY id', [address.toLowerCase()]);

/** The invitation link in a message's plain text, as a path. */
function linkIn(mail: Mail): string {
  const match = new RegExp(`${t.config.publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/invitations/[A-Za-z0-9_-]{43})\\b`).exec(mail.text);
  if (!match) throw new Error(`No invitation link in: ${mail.text}`);
  return match[1];
}

/** The invitation id of the latest invitation of the person with this address. */
async function invitationOf(address: string): Promise<{ id: number; cohort_id: number | null; token_hash: string; used_at: unknown; withdrawn_at: unknown }> {
  const [row] = await query<{ id: number; cohort_id: number | null; token_hash: string; used_at: unknown; withdrawn_at: unknown }>(
    'SELECT i.id, i.cohort_id, i.token_hash, i.used_at, i.withdrawn_at FROM invitations i JOIN users u ON u.id = i.user_id WHERE u.email = ? ORDER BY i.id DESC',
    [address.toLowerCase()],
  );
  return { ...row, id: Number(row.id), cohort_id: row.cohort_id === null ? null : Number(row.cohort_id) };
}

/** A coordinator enrols a new student through the enrolment form, which creates the account and invites it. */
async function enrolNew(by: Person, cohort: number, email: string, name: string) {
  const agent = await signedIn(t, by);
  const page = await agent.get(`/cohorts/${cohort}/enrolments/new`);
  return agent.post(`/cohorts/${cohort}/enrolments`).type('form').send({ _csrf: csrfFrom(page.text), email, name });
}

/** Presses a button on the invitations list, as the page offers it. */
async function press(agent: ReturnType<typeof browser>, action: string) {
  const page = await agent.get('/invitations');
  return agent.post(action).type('form').send({ _csrf: csrfFrom(page.text) });
}

describe('a new student enrolled by a coordinator', () => {
  it('gets an e-mail naming the cohort and the programme, with a link stored only as its hash', async () => {
    const res = await enrolNew(coordinator, cohortId, 'Nora.Ny@example.test', 'Nora Ny');
    expect(res.status).toBe(303);
    const [mail] = await mailTo('nora.ny@example.test');
    expect(mail.template).toBe('invitation');
    expect(mail.subject).toBe('Du er invitert til Brobygger');
    expect(mail.text).toContain(`Du er invitert til kullet MB vår i ${programme.nb}.`);
    expect(mail.html).toContain('MB vår');
    const link = linkIn(mail);
    const invitation = await invitationOf('nora.ny@example.test');
    expect(invitation.cohort_id).toBe(cohortId);
    expect(invitation.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(invitation.token_hash).not.toContain(link.split('/').pop());
  });

  it('is stored together with the enrolment and the e-mail, or not at all', async () => {
    jest.spyOn(t.app.get(MailService), 'enqueue').mockRejectedValueOnce(new Error('the outbox could not be written'));
    const res = await enrolNew(coordinator, cohortId, 'halv.ferdig@example.test', 'Halv Ferdig');
    expect(res.status).toBe(500);
    expect(await query("SELECT id FROM users WHERE email = 'halv.ferdig@example.test'")).toEqual([]);
    expect(await mailTo('halv.ferdig@example.test')).toEqual([]);
    // Asked again, it works: nothing half-made stands in the way.
    jest.restoreAllMocks();
    expect((await enrolNew(coordinator, cohortId, 'halv.ferdig@example.test', 'Halv Ferdig')).status).toBe(303);
    const [user] = await query<{ id: number }>("SELECT id FROM users WHERE email = 'halv.ferdig@example.test'");
    expect(await query('SELECT id FROM enrolments WHERE student_id = ? AND cohort_id = ?', [user.id, cohortId])).toHaveLength(1);
    expect(await mailTo('halv.ferdig@example.test')).toHaveLength(1);
  });

  it('chooses a password through the link, keeping nothing typed in the password fields, and can then sign in', async () => {
    await enrolNew(coordinator, cohortId, 'vilde.velger@example.test', 'Vilde Velger');
    const link = linkIn((await mailTo('vilde.velger@example.test'))[0]);
    const newcomer = browser(t);
    const page = await newcomer.get(link);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain('Velkommen til Brobygger, Vilde Velger.');

    const typed = 'tolv tegn her';
    const bad = await newcomer.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: 'kort', confirm: typed });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="password-error">[\s\S]*Passordet må ha minst 12 tegn\./);
    expect(bad.text).toMatch(/id="confirm-error">[\s\S]*Passordene er ikke like\./);
    expect(bad.text).toMatch(/aria-describedby="password-hint password-error"/);
    expect(bad.text).not.toContain('value="kort"');
    expect(bad.text).not.toContain(typed);

    const done = await newcomer.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: 'et godt langt passord', confirm: 'et godt langt passord' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/login?welcome=1');
    await browser(t).signIn('vilde.velger@example.test', 'et godt langt passord');
    // Used once, the link is gone, and a second use sets nothing.
    expect((await browser(t).get(link)).status).toBe(404);
    const again = await newcomer.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: 'et annet langt passord', confirm: 'et annet langt passord' });
    expect(again.status).toBe(404);
    await browser(t).signIn('vilde.velger@example.test', 'et godt langt passord');
  });

  it('is answered "not found" for a link that expired, and sets no password through it', async () => {
    await enrolNew(coordinator, cohortId, 'utlopt@example.test', 'Ulla Utløpt');
    const link = linkIn((await mailTo('utlopt@example.test'))[0]);
    const newcomer = browser(t);
    const csrf = await newcomer.token();
    expect((await newcomer.get(link)).status).toBe(200);
    await query('UPDATE invitations SET expires_at = ? WHERE id = ?', [Date.now() - 1000, (await invitationOf('utlopt@example.test')).id]);
    const page = await newcomer.get(link);
    expect(page.status).toBe(404);
    expect(mainText(page.text)).toContain('Lenken virker ikke');
    const post = await newcomer.post(link).type('form').send({ _csrf: csrf, password: 'et godt langt passord', confirm: 'et godt langt passord' });
    expect(post.status).toBe(404);
    const loginCsrf = await newcomer.token();
    const signIn = await newcomer.post('/login').type('form').send({ _csrf: loginCsrf, email: 'utlopt@example.test', password: 'et godt langt passord' });
    expect(signIn.status).toBe(401);
  });

  it('is answered "not found" for a made-up link of the right shape, and for one of another shape', async () => {
    expect((await request(t.http).get(`/invitations/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await request(t.http).get('/invitations/not-a-token')).status).toBe(404);
  });
});

describe('the list of invitations', () => {
  let otherInvitee: string;

  beforeAll(async () => {
    otherInvitee = 'annen.kull@example.test';
    await enrolNew(otherCoordinator, otherCohortId, otherInvitee, 'Anne Annenkull');
  });

  it('shows an administrator every invitation, open ones first, and which have expired or been used', async () => {
    await enrolNew(coordinator, cohortId, 'ventende@example.test', 'Vera Ventende');
    const agent = await signedIn(t, admin);
    const page = await agent.get('/invitations');
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain('Vera Ventende Venter');
    expect(text).toContain('Anne Annenkull Venter');
    expect(text).toContain('Vilde Velger Tatt i bruk');
    expect(text).toContain('Ulla Utløpt Utløpt');
    expect(text.indexOf('Vera Ventende')).toBeLessThan(text.indexOf('Ulla Utløpt'));
    expect(text.indexOf('Ulla Utløpt')).toBeLessThan(text.indexOf('Vilde Velger'));
    // The buttons each invitation offers, as forms with the CSRF token.
    const pending = await invitationOf('ventende@example.test');
    expect(formFor(page.text, `/invitations/${pending.id}/resend`).fields._csrf).toBeTruthy();
    expect(formFor(page.text, `/invitations/${pending.id}/withdraw`).fields._csrf).toBeTruthy();
    const used = await invitationOf('vilde.velger@example.test');
    expect(page.text).not.toContain(`/invitations/${used.id}/resend`);
    expect(page.text).not.toContain(`/invitations/${used.id}/withdraw`);
    const expired = await invitationOf('utlopt@example.test');
    expect(page.text).toContain(`/invitations/${expired.id}/resend`);
    expect(page.text).not.toContain(`/invitations/${expired.id}/withdraw`);
  });

  it('shows only the state asked for', async () => {
    const agent = await signedIn(t, admin);
    const text = mainText((await agent.get('/invitations?state=expired')).text);
    expect(text).toContain('Ulla Utløpt');
    expect(text).not.toContain('Vera Ventende');
    expect(text).not.toContain('Vilde Velger');
  });

  it("shows a coordinator the invitations of their own cohorts' people only", async () => {
    // A supervisor invited into the coordinator's cohort (coordinators invite supervisors and employer contacts).
    const newSupervisor = await t.users.create({ email: 'ny.veileder@example.test', name: 'Nils Veileder', roles: ['supervisor'] });
    await t.app.get(InvitationsService).invite(newSupervisor, coordinator, { cohortId });
    const agent = await signedIn(t, coordinator);
    const text = mainText((await agent.get('/invitations')).text);
    expect(text).toContain('Vera Ventende');
    expect(text).toContain('Nils Veileder');
    expect(text).not.toContain('Anne Annenkull');
    const other = mainText((await (await signedIn(t, otherCoordinator)).get('/invitations')).text);
    expect(other).toContain('Anne Annenkull');
    expect(other).not.toContain('Vera Ventende');
    expect(other).not.toContain('Nils Veileder');
  });

  it('is not found for a student, a supervisor or an employer, and sends a visitor to sign in', async () => {
    const employer = await makeUser(t, ['employer']);
    for (const person of [student, supervisor, employer]) {
      const agent = await signedIn(t, person);
      expect((await agent.get('/invitations')).status).toBe(404);
      // Their profile page does not point there either.
      expect((await agent.get('/profile')).text).not.toContain('href="/invitations"');
    }
    const visitor = await request(t.http).get('/invitations');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.location).toBe('/login?next=%2Finvitations');
  });
});

describe('sending an invitation again', () => {
  it('mails a new link in the recipient’s language and makes the old one stop working', async () => {
    await enrolNew(coordinator, cohortId, 'engelsk@example.test', 'Emma English');
    const firstLink = linkIn((await mailTo('engelsk@example.test'))[0]);
    await query("UPDATE users SET locale = 'en' WHERE email = 'engelsk@example.test'");
    const before = await invitationOf('engelsk@example.test');

    const agent = await signedIn(t, coordinator);
    const res = await press(agent, `/invitations/${before.id}/resend`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/invitations');
    expect(mainText((await agent.get('/invitations')).text)).toContain('En ny invitasjon er sendt til engelsk@example.test.');

    const mails = await mailTo('engelsk@example.test');
    expect(mails).toHaveLength(2);
    expect(mails[1].locale).toBe('en');
    expect(mails[1].subject).toBe('You are invited to Brobygger');
    expect(mails[1].text).toContain(`You are invited to the cohort MB vår in ${programme.en ?? programme.nb}.`);
    expect(mails[1].text).toContain('Kari Kursansvarlig has made an account for you');
    const secondLink = linkIn(mails[1]);
    expect(secondLink).not.toBe(firstLink);
    expect((await browser(t).get(firstLink)).status).toBe(404);
    expect((await browser(t).get(secondLink)).status).toBe(200);
    // The new invitation keeps the cohort.
    expect((await invitationOf('engelsk@example.test')).cohort_id).toBe(cohortId);
  });

  it('sends an expired invitation again, which then works', async () => {
    const expired = await invitationOf('utlopt@example.test');
    const agent = await signedIn(t, admin);
    expect((await press(agent, `/invitations/${expired.id}/resend`)).status).toBe(303);
    const mails = await mailTo('utlopt@example.test');
    expect(mails).toHaveLength(2);
    expect((await browser(t).get(linkIn(mails[1]))).status).toBe(200);
  });

  it('does not send an invitation already taken into use, and says so', async () => {
    const used = await invitationOf('vilde.velger@example.test');
    const agent = await signedIn(t, coordinator);
    const res = await press(agent, `/invitations/${used.id}/resend`);
    expect(res.status).toBe(303);
    expect(mainText((await agent.get('/invitations')).text)).toContain('Invitasjonen til Vilde Velger kan ikke sendes på nytt');
    expect(await mailTo('vilde.velger@example.test')).toHaveLength(1);
  });
});

describe('withdrawing an invitation', () => {
  it('makes the link stop working, and lets it be sent again afterwards', async () => {
    await enrolNew(coordinator, cohortId, 'trukket@example.test', 'Trine Trukket');
    const link = linkIn((await mailTo('trukket@example.test'))[0]);
    const invitation = await invitationOf('trukket@example.test');
    const agent = await signedIn(t, coordinator);
    const res = await press(agent, `/invitations/${invitation.id}/withdraw`);
    expect(res.status).toBe(303);
    const list = await agent.get('/invitations');
    expect(mainText(list.text)).toContain('Invitasjonen til Trine Trukket er trukket tilbake.');
    expect(mainText(list.text)).toContain('Trine Trukket Trukket tilbake');
    const page = await browser(t).get(link);
    expect(page.status).toBe(404);
    expect(mainText(page.text)).toContain('Lenken virker ikke');
    // Withdrawing twice changes nothing and says so.
    await press(agent, `/invitations/${invitation.id}/withdraw`);
    expect(mainText((await agent.get('/invitations')).text)).toContain('Invitasjonen til Trine Trukket var allerede tatt i bruk eller trukket tilbake.');

    expect((await press(agent, `/invitations/${invitation.id}/resend`)).status).toBe(303);
    const mails = await mailTo('trukket@example.test');
    expect(mails).toHaveLength(2);
    expect((await browser(t).get(linkIn(mails[1]))).status).toBe(200);
  });
});

describe('who may not send or withdraw an invitation', () => {
  it("answers a coordinator of another cohort, a student and a supervisor with 404, and changes nothing", async () => {
    await enrolNew(coordinator, cohortId, 'beskyttet@example.test', 'Bjørn Beskyttet');
    const invitation = await invitationOf('beskyttet@example.test');
    const link = linkIn((await mailTo('beskyttet@example.test'))[0]);
    for (const person of [otherCoordinator, student, supervisor]) {
      const agent = await signedIn(t, person);
      const csrf = csrfFrom((await agent.get('/profile')).text);
      for (const action of ['resend', 'withdraw']) {
        const res = await agent.post(`/invitations/${invitation.id}/${action}`).type('form').send({ _csrf: csrf });
        expect({ person: person.name, action, status: res.status }).toEqual({ person: person.name, action, status: 404 });
      }
    }
    expect(await mailTo('beskyttet@example.test')).toHaveLength(1);
    expect(await invitationOf('beskyttet@example.test')).toMatchObject({ id: invitation.id, used_at: null, withdrawn_at: null });
    expect((await browser(t).get(link)).status).toBe(200);
  });

  it('answers an id that is no number, or names no invitation, with 404', async () => {
    const agent = await signedIn(t, admin);
    const csrf = csrfFrom((await agent.get('/invitations')).text);
    for (const path of ['/invitations/1e3/resend', '/invitations/0/withdraw', '/invitations/99999999/resend', '/invitations/-1/withdraw']) {
      expect((await agent.post(path).type('form').send({ _csrf: csrf })).status).toBe(404);
    }
  });

  it('refuses a button pressed without the form token', async () => {
    const invitation = await invitationOf('beskyttet@example.test');
    const agent = await signedIn(t, coordinator);
    expect((await agent.post(`/invitations/${invitation.id}/withdraw`).type('form').send({})).status).toBe(403);
    expect(await invitationOf('beskyttet@example.test')).toMatchObject({ withdrawn_at: null });
  });
});

describe('the sign-in after an invitation', () => {
  it('gives the session the person and the browser it was made in', async () => {
    const agent = browser(t);
    const res = await agent.set('User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0').signIn(student.email, PASSWORD);
    const sid = /^s:(.+)\.[^.]+$/.exec(decodeURIComponent(sessionCookie(res)!.split(';')[0].split('=')[1]))![1];
    const [row] = await query<{ user_id: number; json: string }>('SELECT user_id, json FROM sessions WHERE id = ?', [sid]);
    expect(Number(row.user_id)).toBe(student.id);
    expect(JSON.parse(row.json)).toMatchObject({ userAgent: expect.stringContaining('Firefox/128.0'), signedInAt: expect.any(Number) });
  });
});
