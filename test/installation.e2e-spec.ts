import { runCommand } from '../src/cli/commands';
import { startSmtp, TestSmtp } from './support/smtp';
import { browser, csrfFrom, mainText, startTestApp, TestApp } from './support/test-app';

/**
 * A fresh installation without the demo, run the way an organisation would start: the operator makes the first
 * administrator on the command line; the administrator makes an organisation and the people who run a cohort;
 * every one of them gets the invitation by e-mail from a real SMTP server, chooses a password and signs in; the
 * coordinator sets a cohort up and enrols a student, who is invited the same way; and someone who forgot their
 * password chooses a new one from the e-mail. Nothing here is made behind the application's back.
 */
let smtp: TestSmtp;
let t: TestApp;

const ADMIN = { email: 'admin@fjordvik.example', name: 'Astrid Admin', password: 'the administrator passphrase' };

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Brobygger <brobygger@fjordvik.example>', PUBLIC_URL: 'https://brobygger.fjordvik.example' } });
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

function encode(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of ([] as string[]).concat(value)) params.append(key, v);
  return params.toString();
}

/** The path of the first link to this installation in a message, as the person would click it. */
function linkIn(text: string, kind: 'invitations' | 'reset-password'): string {
  const match = new RegExp(`https://brobygger\\.fjordvik\\.example(/${kind}/[A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`No ${kind} link in:\n${text}`);
  return match[1];
}

/** Opens the invitation from the e-mail, chooses a password and signs in with it; returns the signed-in agent. */
async function acceptInvitation(email: string, name: string, password: string) {
  const mail = await smtp.nextMessage(email);
  expect(mail.subject).toBe('Du er invitert til Brobygger');
  expect(mail.text).toContain(`Hei, ${name}.`);
  expect(mail.html).toContain('<html lang="nb">');
  const link = linkIn(mail.text, 'invitations');
  const person = browser(t);
  const page = await person.get(link);
  expect(page.status).toBe(200);
  const chosen = await person.post(link).type('form').send({ _csrf: csrfFrom(page.text), password, confirm: password });
  expect(chosen.status).toBe(303);
  const signedIn = await person.signIn(email, password);
  expect(signedIn.headers.location).not.toMatch(/login/);
  const home = await person.get('/');
  expect(home.status).toBe(200);
  expect(mainText(home.text)).toContain(name);
  // The link was for one use only.
  expect((await browser(t).get(link)).status).toBe(404);
  return person;
}

it('runs a cohort from an empty installation, every account opened from its e-mail', async () => {
  const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM users');
  expect(Number(n)).toBe(0);

  // The operator makes the first administrator.
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(['admin:create', '--email', ADMIN.email, '--name', ADMIN.name, '--password-stdin'], t.config, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin: async () => `${ADMIN.password}\n`,
  });
  expect({ code, err }).toEqual({ code: 0, err: [] });

  const admin = browser(t);
  await admin.signIn(ADMIN.email, ADMIN.password);

  // An organisation that employs trainees and takes them in practice.
  const organisationForm = await admin.get('/organisations/new');
  const organisation = await admin
    .post('/organisations')
    .type('form')
    .send(encode({ _csrf: csrfFrom(organisationForm.text), name: 'Fjordvik kommune, psykisk helse og rus', kind: 'both', organisationNumber: '974760673', contactEmail: 'post@fjordvik.example' }));
  expect(organisation.status).toBe(303);
  const organisationId = organisation.headers.location.split('/').pop()!;

  // A coordinator, a supervisor and an employer contact, each with an invitation.
  const people = [
    { name: 'Kari Kursansvarlig', email: 'kari@fjordvik.example', roles: ['coordinator'], password: 'kari chooses a long one' },
    { name: 'Per Praksisveileder', email: 'per@fjordvik.example', roles: ['supervisor'], password: 'per chooses a long one' },
    { name: 'Eva Arbeidsgiver', email: 'eva@fjordvik.example', roles: ['employer'], organisation: organisationId, password: 'eva chooses a long one' },
  ];
  for (const person of people) {
    const form = await admin.get('/people/new');
    const made = await admin
      .post('/people')
      .type('form')
      .send(encode({ _csrf: csrfFrom(form.text), name: person.name, email: person.email, roles: person.roles, organisation: person.organisation ?? '' }));
    expect(made.status).toBe(303);
  }
  const [coordinator, supervisor, employer] = await Promise.all(people.map((person) => acceptInvitation(person.email, person.name, person.password)));
  expect(mainText((await employer.get('/employer')).text)).toContain('Fjordvik kommune, psykisk helse og rus');

  // The coordinator sets up a cohort and enrols a student who has no account yet.
  const cohortForm = await coordinator.get('/cohorts/new');
  const coordinatorId = /id="coordinators-(\d+)"[^>]*checked/.exec(cohortForm.text)![1];
  const cohort = await coordinator
    .post('/cohorts')
    .type('form')
    .send(encode({ _csrf: csrfFrom(cohortForm.text), name: 'MB Bergen høsten 2027', programme: 'mb-bergen', startDate: '2027-08-16', weekdays: ['monday', 'wednesday'], coordinators: [coordinatorId] }));
  expect(cohort.status).toBe(303);
  const cohortPath = cohort.headers.location as string;
  const enrolForm = await coordinator.get(`${cohortPath}/enrolments/new`);
  // Per is the only supervisor on this installation.
  const supervisorId = /id="supervisors-(\d+)"/.exec(enrolForm.text)![1];
  const enrolled = await coordinator
    .post(`${cohortPath}/enrolments`)
    .type('form')
    .send(encode({ _csrf: csrfFrom(enrolForm.text), email: 'siri@fjordvik.example', name: 'Siri Student', supervisors: [supervisorId], employer: organisationId }));
  expect(enrolled.status).toBe(303);
  const student = await acceptInvitation('siri@fjordvik.example', 'Siri Student', 'siri chooses a long one');
  expect(mainText((await student.get('/enrolments')).text)).toContain('MB Bergen høsten 2027');
  // Her supervisor sees her.
  expect(mainText((await supervisor.get('/supervision')).text)).toContain('Siri Student');

  // The supervisor forgets the password and chooses a new one from the e-mail.
  const visitor = browser(t);
  const forgot = await visitor.get('/forgot-password');
  expect(forgot.status).toBe(200);
  const asked = await visitor.post('/forgot-password').type('form').send({ _csrf: csrfFrom(forgot.text), email: 'Per@Fjordvik.example' });
  expect(asked.status).toBe(200);
  const resetMail = await smtp.nextMessage('per@fjordvik.example');
  const resetLink = linkIn(resetMail.text, 'reset-password');
  const resetPage = await visitor.get(resetLink);
  expect(resetPage.status).toBe(200);
  const reset = await visitor.post(resetLink).type('form').send({ _csrf: csrfFrom(resetPage.text), password: 'per remembers this one now', confirm: 'per remembers this one now' });
  expect(reset.status).toBe(303);
  // The session that was open with the old password is over; the new password signs in, the old one does not.
  expect((await supervisor.get('/supervision')).headers.location).toMatch(/^\/login/);
  const again = browser(t);
  await again.signIn('per@fjordvik.example', 'per remembers this one now');
  expect((await again.get('/supervision')).status).toBe(200);
  await expect(browser(t).signIn('per@fjordvik.example', 'per chooses a long one')).rejects.toThrow();
  const notice = await smtp.nextMessage('per@fjordvik.example');
  expect(notice.subject).not.toBe(resetMail.subject);

  // Every message went out once, each to its own address.
  const recipients = smtp.messages.flatMap((message) => message.to).sort();
  expect(recipients).toEqual(['eva@fjordvik.example', 'kari@fjordvik.example', 'per@fjordvik.example', 'per@fjordvik.example', 'per@fjordvik.example', 'siri@fjordvik.example']);
});
