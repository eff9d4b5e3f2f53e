import request from 'supertest';
import { dueDate } from '../src/assignments/milestones';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addDays, addMonths, today } from '../src/common/dates';
import { CurriculaService } from '../src/curricula/curricula.service';
import { Transactions } from '../src/database/transactions';
import { JobsService } from '../src/jobs/jobs.service';
import { NotificationMailService } from '../src/notifications/notification-mail.service';
import { NotificationsService } from '../src/notifications/notifications.service';
import { unsubscribeToken } from '../src/notifications/unsubscribe-token';
import { MailSender } from '../src/mail/mail-sender';
import { startSmtp, TestSmtp } from './support/smtp';
import { browser, csrfFrom, mainText, makeUser, signedIn, startTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'https://brobygger.example.test';
const MINUTE = 60_000;

let smtp: TestSmtp;
let t: TestApp;
type Person = Awaited<ReturnType<typeof makeUser>>;
type Agent = ReturnType<typeof browser>;
let student: Person, supervisor: Person, coordinator: Person, otherStudent: Person;
let enrolmentId: number;
let otherEnrolmentId: number;
let placementId: number;
let category: string;
/** The Norwegian date of the digest the test sends: tomorrow, after the digest hour (07:00). */
const digestDay = addDays(today(), 1);
const digestAt = new Date(`${digestDay}T07:30:00+01:00`);
/** The proposal is due a week after the digest's day, so its week's reminder goes that day. */
const proposalDue = addDays(digestDay, 7);

/** A cohort start that puts the proposal (due 5 months in) on the given date. */
function startFor(due: string): string {
  for (let d = 0; d < 40; d++) {
    const start = addDays(addMonths(due, -5), d);
    if (dueDate(start, 'months', 5) === due) return start;
    const before = addDays(addMonths(due, -5), -d);
    if (dueDate(before, 'months', 5) === due) return before;
  }
  throw new Error(`No start date makes ${due} the proposal's due date`);
}

beforeAll(async () => {
  smtp = await startSmtp();
  // Polling once an hour: a mail that arrives was sent because its writing woke the sender.
  t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Brobygger <no-reply@brobygger.example.test>', PUBLIC_URL, MAIL_POLL_SECONDS: '3600', DIGEST_HOUR: '7' } });
  const placement = await t.users.createOrganisation('Brygga recoverysenter');
  placementId = placement.id;
  student = await makeUser(t, ['student'], { name: 'Sara Student', email: 'sara@example.test' });
  otherStudent = await makeUser(t, ['student'], { name: 'Olav Other', email: 'olav@example.test' });
  supervisor = await makeUser(t, ['supervisor'], { name: 'Per Supervisor', email: 'per@example.test', locale: 'en' });
  coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Coordinator', email: 'kari@example.test' });
  const mb = t.app.get(CurriculaService).getCurrent('mb-bergen');
  expect(mb.content.duration.unit).toBe('months');
  category = mb.content.practice.categories[0].key;
  const cohorts = t.app.get(CohortSetupService);
  const cohort = await cohorts.create({ name: 'MB-kullet', curriculumVersionId: mb.id, startDate: startFor(proposalDue), coordinatorIds: [coordinator.id] });
  enrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: student.id, supervisorIds: [supervisor.id], employerOrganisationId: placement.id })).id;
  otherEnrolmentId = (await cohorts.enrol({ cohortId: cohort.id, studentId: otherStudent.id, supervisorIds: [supervisor.id] })).id;
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const as = (user: { email: string }) => signedIn(t, user);
const mailService = () => t.app.get(NotificationMailService);
const later = (minutes: number) => new Date(Date.now() + minutes * MINUTE);
/** Waits until the outbox has nothing left to send, so that what has not arrived was not sent. */
const settled = async () => {
  await new Promise((resolve) => setTimeout(resolve, 100));
  await t.app.get(MailSender).idle();
};
const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));

async function logEntry(agent: Agent, date: string, enrolment = enrolmentId, description = 'Deltok i samtalegruppe på huset.'): Promise<number> {
  const page = await agent.get(`/enrolments/${enrolment}/practice/new`);
  const res = await agent
    .post(`/enrolments/${enrolment}/practice`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), date, hours: '2,5', placement: String(placementId), category, description, action: 'submit' });
  if (res.status !== 303) throw new Error(`Logging failed with ${res.status}: ${mainText(res.text).slice(0, 300)}`);
  return Number(res.headers.location.split('/').pop());
}

async function returnEntry(agent: Agent, entryId: number, comment: string): Promise<void> {
  const page = await agent.get(`/practice/${entryId}`);
  const res = await agent.post(`/practice/${entryId}/return`).type('form').send({ _csrf: csrfFrom(page.text), comment });
  expect(res.status).toBe(303);
}

async function choicesOf(userId: number): Promise<Record<string, string>> {
  const rows: { kind: string; choice: string }[] = await t.dataSource.query(`SELECT kind, choice FROM notification_preferences WHERE user_id = ${Number(userId)}`);
  return Object.fromEntries(rows.map((r) => [r.kind, r.choice]));
}

/** The path of a mail's one-click unsubscribe address, from its List-Unsubscribe header. */
function oneClickPath(mail: { headers: Record<string, string> }): string {
  const match = /^<https:\/\/brobygger\.example\.test(\/unsubscribe\/[^>]+)>$/.exec(mail.headers['list-unsubscribe'] ?? '');
  if (!match) throw new Error(`No one-click address in ${JSON.stringify(mail.headers)}`);
  return match[1];
}

describe('notifications over a real SMTP server', () => {
  let sara: Agent;
  let per: Agent;
  const entries: number[] = [];
  let returnMail: Awaited<ReturnType<TestSmtp['nextMessage']>>;

  beforeAll(async () => {
    sara = await as(student);
    per = await as(supervisor);
    for (const days of [3, 2, 1]) entries.push(await logEntry(sara, addDays(today(), -days)));
  });

  it('gathers two returns one after another into one mail to the student, sent after a quiet while', async () => {
    await returnEntry(per, entries[0], 'Skriv hvor mange timer som var samtale.');
    await returnEntry(per, entries[1], 'Velg riktig kategori.');

    // In the student's list the two are one notification.
    const rows: { data: string }[] = await t.dataSource.query(`SELECT data FROM notifications WHERE user_id = ${student.id} AND kind = 'entries_returned'`);
    expect(rows).toHaveLength(1);
    expect((JSON.parse(rows[0].data) as { entries: { entryId: number }[] }).entries.map((e) => e.entryId)).toEqual([entries[0], entries[1]]);
    expect(rows[0].data).not.toContain('samtalegruppe');

    // Nothing goes while the supervisor may still be at work.
    expect(await mailService().sendPending(new Date())).toBe(0);
    expect(await mailService().sendPending(later(4))).toBe(0);
    expect(await mailService().sendPending(later(6))).toBe(1);
    returnMail = await smtp.nextMessage('sara@example.test');
    await settled();
    expect(mailsTo('sara@example.test')).toHaveLength(1);

    expect(returnMail.subject).toBe('Praksisføringer er sendt tilbake til deg');
    expect(returnMail.text).toContain('Veilederen din har sendt 2 praksisføringer tilbake til deg.');
    expect(returnMail.text).toContain('Veilederens kommentar: Skriv hvor mange timer som var samtale.');
    expect(returnMail.text).toContain('Veilederens kommentar: Velg riktig kategori.');
    expect(returnMail.text).toContain(`${PUBLIC_URL}/enrolments/${enrolmentId}/practice`);
    expect(returnMail.html).toContain(`href="${PUBLIC_URL}/enrolments/${enrolmentId}/practice"`);
    // What the student wrote about their practice, which may tell of the people they met, is never in a mail.
    expect(returnMail.text).not.toContain('samtalegruppe');
    // The footer leads to the choices, and the one-click unsubscribe is in the headers (RFC 8058).
    expect(returnMail.text).toContain(`${PUBLIC_URL}/notifications/settings`);
    expect(returnMail.headers['list-unsubscribe']).toBe(`<${PUBLIC_URL}/unsubscribe/${unsubscribeToken(t.config.sessionSecret, student.id, ['entries_returned'])}>`);
    expect(returnMail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    // Sent once: the next round finds nothing.
    expect(await mailService().sendPending(later(20))).toBe(0);
  });

  it('sends the supervisor a digest of what waits, after the digest hour, once, with a link to the queue', async () => {
    // Every lesson of a module that needs sign-off done: it waits for the supervisor too.
    const mb = t.app.get(CurriculaService).getCurrent('mb-bergen');
    const module = mb.content.modules.find((m) => m.signOff)!;
    for (const lesson of module.lessons) {
      const path = `/enrolments/${enrolmentId}/modules/${module.key}/lessons/${lesson.key}`;
      const done = await sara.post(`${path}/done`).type('form').send({ _csrf: csrfFrom((await sara.get(path)).text) });
      expect(done.status).toBe(303);
    }

    // Before the hour, nothing.
    const early = (await t.app.get(JobsService).runDue(new Date(`${digestDay}T06:30:00+01:00`))).map((o) => o.name);
    expect(early).not.toContain('notifications.daily');

    const outcomes = await t.app.get(JobsService).runDue(digestAt);
    expect(outcomes).toContainEqual({ name: 'notifications.daily', slot: digestDay, outcome: 'ran' });
    const digest = await smtp.nextMessage('per@example.test');
    expect(digest.subject).toBe('Daily digest from Brobygger');
    expect(digest.text).toContain('One practice entry waits for approval.');
    expect(digest.text).toContain('One module waits for you to sign it off.');
    expect(digest.text).toContain(`${PUBLIC_URL}/supervision\n`);
    expect(digest.text).toContain(`${PUBLIC_URL}/supervision/queue`);
    expect(digest.html).toContain(`href="${PUBLIC_URL}/supervision/queue"`);
    expect(digest.headers['list-unsubscribe']).toBe(`<${PUBLIC_URL}/unsubscribe/${unsubscribeToken(t.config.sessionSecret, supervisor.id, ['waiting_entries'])}>`);
    expect(digest.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(digest.text).not.toContain('samtalegruppe');

    // In the supervisor's own list, the entries sent in one after another are one notification.
    expect(mainText((await per.get('/notifications')).text)).toContain('Sara Student sent in 3 entries for approval');

    // The slot has run; and the digest itself is not sent twice on the same day, however it is asked for.
    expect((await t.app.get(JobsService).runDue(new Date(digestAt.getTime() + 60 * MINUTE))).map((o) => o.name)).not.toContain('notifications.daily');
    expect(await mailService().sendDigests(digestAt)).toBe(0);
    await settled();
    expect(mailsTo('per@example.test')).toHaveLength(1);
  });

  it('reminds the student a week before a milestone is due', async () => {
    // The day's job recorded the reminder; it goes out at once, after the quiet while.
    await t.app.get(JobsService).runDue(new Date(digestAt.getTime() + 10 * MINUTE));
    const reminder = await smtp.nextMessage('sara@example.test');
    expect(reminder.subject).toBe('Påminnelse om frist i prosjektoppgaven');
    expect(reminder.text).toMatch(/Prosjektskisse: fristen er \d+\. \w+ \d{4}\./);
    expect(reminder.text).toContain(`${PUBLIC_URL}/enrolments/${enrolmentId}/assignment#milestone-proposal`);
    expect(reminder.headers['list-unsubscribe']).toContain(unsubscribeToken(t.config.sessionSecret, student.id, ['milestone_reminder']));
    // Once only, for this enrolment, milestone and week.
    expect(await mailService().remindMilestones(digestAt)).toBe(0);
    expect(await mailService().remindMilestones(new Date(`${addDays(digestDay, 2)}T08:00:00+01:00`))).toBe(0);
  });

  it('turns off only that kind with a one-click POST that carries no cookie, and the next such event sends no mail while others still do', async () => {
    const path = oneClickPath(returnMail);
    const first = await request(t.http).post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(first.status).toBe(200);
    expect(first.headers.location).toBeUndefined();
    // Posting again changes nothing more and answers the same.
    expect((await request(t.http).post(path).type('form').send('List-Unsubscribe=One-Click')).status).toBe(200);
    expect(await choicesOf(student.id)).toEqual({ entries_returned: 'off' });

    // The next return: listed, but not mailed.
    await returnEntry(per, entries[2], 'Mangler sted.');
    expect(await mailService().sendPending(later(6))).toBe(0);

    // Another kind still is: the assessor's feedback on a hand-in.
    const page = await sara.get(`/enrolments/${enrolmentId}/assignment`);
    const handIn = await sara.post(`/enrolments/${enrolmentId}/assignment/proposal`).field('_csrf', csrfFrom(page.text)).field('text', 'Min prosjektskisse.');
    expect(handIn.status).toBe(303);
    const kari = await as(coordinator);
    const html = (await kari.get(`/enrolments/${enrolmentId}/assignment`)).text;
    const form = /action="\/submissions\/(\d+)\/feedback"[\s\S]*?name="version" value="(\d+)"/.exec(html)!;
    const decided = await kari.post(`/submissions/${form[1]}/feedback`).type('form').send({ _csrf: csrfFrom(html), version: form[2], feedback: 'Snevre inn problemstillingen.', decision: 'revision_requested' });
    expect(decided.status).toBe(303);

    expect(await mailService().sendPending(later(6))).toBe(2);
    const feedback = await smtp.nextMessage('sara@example.test');
    expect(feedback.subject).toBe('Tilbakemelding på prosjektoppgaven');
    expect(feedback.text).toContain('Du er bedt om å revidere Prosjektskisse (versjon 1)');
    expect(feedback.text).not.toContain('Snevre inn');
    const handedIn = await smtp.nextMessage('kari@example.test');
    expect(handedIn.subject).toBe('Ny leveranse av prosjektoppgave');
    expect(handedIn.text).toContain('Sara Student har levert Prosjektskisse, versjon 1');
    await settled();
    expect(mailsTo('sara@example.test').map((m) => m.subject)).toEqual(['Praksisføringer er sendt tilbake til deg', 'Påminnelse om frist i prosjektoppgaven', 'Tilbakemelding på prosjektoppgaven']);

    // The unmailed return is still in the student's list.
    expect(mainText((await sara.get('/notifications')).text)).toContain('Føringen din fra');
  });

  it('tells a student of a bulk approval once, in the next day’s digest as approvals are by default', async () => {
    const olav = await as(otherStudent);
    const approved = [];
    for (const days of [6, 5, 4]) approved.push(await logEntry(olav, addDays(today(), -days), otherEnrolmentId));
    const queue = await per.get('/supervision/queue');
    const res = await per.post('/supervision/queue/approve').type('form').send(`_csrf=${encodeURIComponent(csrfFrom(queue.text))}&${approved.map((id) => `entries=${id}`).join('&')}`);
    expect(res.status).toBe(303);

    // Not at once: approvals wait for the digest.
    expect(await mailService().sendPending(later(6))).toBe(0);
    const [{ count }] = await t.dataSource.query(`SELECT COUNT(*) AS count FROM notifications WHERE user_id = ${otherStudent.id} AND kind = 'entries_approved'`);
    expect(Number(count)).toBe(1);

    const nextDay = new Date(`${addDays(digestDay, 1)}T07:05:00+01:00`);
    // Olav's, and the supervisor's: the module still waits for sign-off.
    expect(await mailService().sendDigests(nextDay)).toBe(2);
    await settled();
    // Olav, in the same cohort, had the proposal's reminder too; and now one digest.
    expect(mailsTo('olav@example.test').map((m) => m.subject)).toEqual(['Påminnelse om frist i prosjektoppgaven', 'Daglig sammendrag fra Brobygger']);
    const digest = mailsTo('olav@example.test')[1];
    expect(digest.text).toContain('Godkjente praksisføringer');
    expect(digest.text.match(/2,5 t/g)).toHaveLength(3);
    expect(digest.text).not.toContain('venter på godkjenning');
    expect(digest.headers['list-unsubscribe']).toContain(unsubscribeToken(t.config.sessionSecret, otherStudent.id, ['entries_approved']));
    // No entry waits for the supervisor any more: their digest tells of the module alone.
    const supervisorDigest = mailsTo('per@example.test')[1];
    expect(supervisorDigest.text).toContain('One module waits for you to sign it off.');
    expect(supervisorDigest.text).not.toContain('practice entr');
  });
});

describe('the list of notifications', () => {
  const record = (userId: number, number: number, at = Date.now()) =>
    t.app.get(Transactions).run((manager) =>
      t.app.get(NotificationsService).record(manager, [userId], 'assessor_feedback', { enrolmentId, submissionId: 900 + number, milestone: { nb: 'Utkast', en: 'Draft' }, number, decision: 'approved' }, at),
    );

  it('sends someone signed out to sign in', async () => {
    for (const path of ['/notifications', '/notifications/settings', '/notifications/1/open']) {
      const res = await request(t.http).get(path);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('says so in plain words when there is nothing', async () => {
    const nobody = await makeUser(t, ['student']);
    const page = await (await as(nobody)).get('/notifications');
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain('Du har ingen varsler fra de siste 60 dagene.');
    expect(page.text).not.toContain('Marker alle som lest');
  });

  it('shows the person’s own notifications, newest first, unread ones marked in words', async () => {
    const person = await makeUser(t, ['student']);
    await record(person.id, 1, Date.now() - 2 * MINUTE);
    await record(person.id, 2, Date.now() - MINUTE);
    const page = await (await as(person)).get('/notifications');
    const text = mainText(page.text);
    expect(text.indexOf('Utkast (versjon 2) er godkjent')).toBeLessThan(text.indexOf('Utkast (versjon 1) er godkjent'));
    expect(text).toContain('Uleste varsler: 2.');
    expect(page.text.match(/class="state state--attention">Ulest</g)).toHaveLength(2);
    expect(page.text).toContain('notification notification--unread');
  });

  it('marks one read by following its link, which leads where it says; another person’s is not found', async () => {
    const person = await makeUser(t, ['student']);
    await record(person.id, 3);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM notifications WHERE user_id = ${person.id}`);
    const other = await as(otherStudent);
    expect((await other.get(`/notifications/${id}/open`)).status).toBe(404);
    expect((await other.get('/notifications/x/open')).status).toBe(404);

    const agent = await as(person);
    const open = await agent.get(`/notifications/${id}/open`);
    expect(open.status).toBe(303);
    expect(open.headers.location).toBe(`/enrolments/${enrolmentId}/assignment#version-903`);
    const text = mainText((await agent.get('/notifications')).text);
    expect(text).toContain('Lest');
    expect(text).toContain('Uleste varsler: 0.');
    // Still unread for nobody else: the other person's visit changed nothing (checked above by its 404).
  });

  it('marks one read with its button, and all at once; never another person’s', async () => {
    const person = await makeUser(t, ['student']);
    await record(person.id, 4);
    await record(person.id, 5);
    const ids: { id: number }[] = await t.dataSource.query(`SELECT id FROM notifications WHERE user_id = ${person.id} ORDER BY id`);
    const other = await as(otherStudent);
    const otherToken = csrfFrom((await other.get('/notifications/settings')).text);
    expect((await other.post(`/notifications/${ids[0].id}/read`).type('form').send({ _csrf: otherToken })).status).toBe(404);

    const agent = await as(person);
    const page = await agent.get('/notifications');
    expect(mainText(page.text)).toContain('Marker alle som lest');
    const one = await agent.post(`/notifications/${ids[0].id}/read?page=1`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(one.status).toBe(303);
    expect(one.headers.location).toBe(`/notifications?page=1#notification-${ids[0].id}`);
    expect(mainText((await agent.get('/notifications')).text)).toContain('Uleste varsler: 1.');
    const all = await agent.post('/notifications/read-all').type('form').send({ _csrf: csrfFrom(page.text) });
    expect(all.status).toBe(303);
    const after = mainText((await agent.get('/notifications')).text);
    expect(after).toContain('Alle varslene er markert som lest.');
    expect(after).toContain('Uleste varsler: 0.');
    // Without the form's token, nothing is done.
    expect((await agent.post('/notifications/read-all').type('form').send({})).status).toBe(403);
  });

  it('lists the last 60 days only, a page at a time, and forgets older ones at night', async () => {
    const person = await makeUser(t, ['student']);
    for (let n = 1; n <= 27; n++) await record(person.id, n, Date.now() - n * MINUTE);
    await record(person.id, 99, Date.now() - 61 * 86_400_000);
    const agent = await as(person);
    const first = mainText((await agent.get('/notifications')).text);
    expect(first).toContain('Viser 1–25 av 27.');
    expect(first).toContain('Eldre varsler');
    const second = mainText((await agent.get('/notifications?page=2')).text);
    expect(second).toContain('Viser 26–27 av 27.');
    expect(second).not.toContain('versjon 99');

    await mailService().prune(new Date());
    const [{ count }] = await t.dataSource.query(`SELECT COUNT(*) AS count FROM notifications WHERE user_id = ${person.id}`);
    expect(Number(count)).toBe(27);
  });
});

describe('the choices', () => {
  it('offers the kinds of the person’s roles, says when the digest comes, and that sign-in mail always comes', async () => {
    const page = await (await as(student)).get('/notifications/settings');
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain('Praksisføringer som sendes tilbake til deg');
    expect(text).toContain('Påminnelser om frister i prosjektoppgaven');
    expect(text).not.toContain('Nye leveranser av prosjektoppgaver');
    expect(text).toContain('rundt klokken 07.00');
    expect(text).toContain('E-post om innlogging og passord');
    // The one-click unsubscribe above turned returns off.
    expect(page.text).toMatch(/id="entries_returned-off" name="entries_returned" value="off" checked/);
    expect(page.text).toMatch(/id="entries_approved-digest" name="entries_approved" value="digest" checked/);

    const supervising = mainText((await (await as(supervisor)).get('/notifications/settings')).text);
    expect(supervising).toContain('Entries and modules waiting for you');
    expect(supervising).not.toContain('Approved practice entries');
  });

  it('saves a choice per kind, leaving the others and other people as they were', async () => {
    const person = await makeUser(t, ['student']);
    const agent = await as(person);
    const page = await agent.get('/notifications/settings');
    const res = await agent.post('/notifications/settings').type('form').send({ _csrf: csrfFrom(page.text), entries_approved: 'immediate', milestone_reminder: 'off', new_hand_in: 'off' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/notifications/settings');
    // A kind not offered to the person is not stored.
    expect(await choicesOf(person.id)).toEqual({ entries_approved: 'immediate', milestone_reminder: 'off' });
    expect(mainText((await agent.get('/notifications/settings')).text)).toContain('Valgene dine er lagret.');
  });

  it('shows the form again with the message beside the field for a choice that does not exist', async () => {
    const person = await makeUser(t, ['student']);
    const agent = await as(person);
    const page = await agent.get('/notifications/settings');
    const res = await agent.post('/notifications/settings').type('form').send({ _csrf: csrfFrom(page.text), entries_approved: 'hourly', milestone_reminder: 'off' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="entries_approved-error"/);
    expect(res.text).toMatch(/id="milestone_reminder-off" name="milestone_reminder" value="off" checked/);
    expect(await choicesOf(person.id)).toEqual({});
  });
});

describe('the unsubscribe link', () => {
  it('opens a page that explains and changes nothing, for anyone holding the link', async () => {
    const person = await makeUser(t, ['supervisor']);
    const token = unsubscribeToken(t.config.sessionSecret, person.id, ['waiting_entries']);
    const page = await request(t.http).get(`/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain('Føringer og moduler som venter på deg');
    expect(page.text).toContain(`action="/unsubscribe/${token}"`);
    expect(await choicesOf(person.id)).toEqual({});
    // Its button posts without a CSRF token, as a mail program does.
    const done = await request(t.http).post(`/unsubscribe/${token}`).type('form').send({ 'List-Unsubscribe': 'One-Click' });
    expect(done.status).toBe(200);
    expect(mainText(done.text)).toContain('Du får ikke lenger e-post om dette');
    expect(await choicesOf(person.id)).toEqual({ waiting_entries: 'off' });
  });

  it('answers a token that was not made by us, or names nobody, with not found', async () => {
    const token = unsubscribeToken(t.config.sessionSecret, student.id, ['entries_approved']);
    const forged = token.replace(/^\d+/, String(otherStudent.id));
    for (const bad of [forged, 'x', unsubscribeToken('another-secret-another-secret-another', student.id, ['entries_approved']), unsubscribeToken(t.config.sessionSecret, 999999, ['entries_approved'])]) {
      expect((await request(t.http).get(`/unsubscribe/${bad}`)).status).toBe(404);
      expect((await request(t.http).post(`/unsubscribe/${bad}`).type('form').send('List-Unsubscribe=One-Click')).status).toBe(404);
    }
    expect(await choicesOf(otherStudent.id)).toEqual({});
  });

  it('works for someone signed in as another person too, changing only the link’s person', async () => {
    const person = await makeUser(t, ['student']);
    const token = unsubscribeToken(t.config.sessionSecret, person.id, ['milestone_reminder']);
    const other = await as(otherStudent);
    expect((await other.post(`/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click')).status).toBe(200);
    expect(await choicesOf(person.id)).toEqual({ milestone_reminder: 'off' });
    expect(await choicesOf(otherStudent.id)).toEqual({});
  });
});
