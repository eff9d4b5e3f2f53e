import ICAL from 'ical.js';
import request from 'supertest';
import { TeachingDay } from '../src/attendance/teaching-day.entity';
import { dueDate } from '../src/assignments/milestones';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { addDays, addMonths, today } from '../src/common/dates';
import type { CurriculumVersion } from '../src/curricula/curriculum-version.entity';
import { CurriculaService } from '../src/curricula/curricula.service';
import { formFor } from './support/forms';
import { csrfFrom, mainText, makeUser, signedIn, startTestApp, TestApp } from './support/test-app';

// The private calendar feed over HTTP, read with a standard iCalendar parser (ical.js): what each person's feed
// holds, that it follows the coordinator's changes under the same event ids, that a renewed address replaces the
// old one, and that no address but the person's current one opens anything.

let t: TestApp;
let mbBergen: CurriculumVersion;
let erfaringsskolen: CurriculumVersion;

type User = Awaited<ReturnType<typeof makeUser>>;
type Agent = Awaited<ReturnType<typeof signedIn>>;

/** MB Bergen started at the beginning of the month two months ago: its teaching days run from then into the coming months. */
const START = `${addMonths(today(), -2).slice(0, 7)}-01`;
const HOST = 'localhost';

let coordinator: User;
let otherCoordinator: User;
let supervisor: User;
let student: User;
let fellow: User;
let otherStudent: User;
let cohortA: { id: number; name: string };
let cohortB: { id: number; name: string };
let enrolmentA: number;

beforeAll(async () => {
  t = await startTestApp();
  const curricula = t.app.get(CurriculaService);
  mbBergen = curricula.getCurrent('mb-bergen');
  erfaringsskolen = curricula.getCurrent('erfaringsskolen');
  const setup = t.app.get(CohortSetupService);
  coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Kursansvarlig' });
  otherCoordinator = await makeUser(t, ['coordinator'], { name: 'Ola Annenansvarlig' });
  supervisor = await makeUser(t, ['supervisor'], { name: 'Per Veileder' });
  student = await makeUser(t, ['student'], { name: 'Sara Student' });
  fellow = await makeUser(t, ['student'], { name: 'Jonas Medstudent' });
  otherStudent = await makeUser(t, ['student'], { name: 'Amina Annetkull' });
  const a = await setup.create({
    name: 'MB Bergen, kull A',
    curriculumVersionId: mbBergen.id,
    startDate: START,
    coordinatorIds: [coordinator.id],
    startTime: '08:30',
    endTime: '14:15',
    place: 'Kronstad, rom 2.14',
  });
  const b = await setup.create({
    name: 'Erfaringsskolen, kull B',
    curriculumVersionId: erfaringsskolen.id,
    startDate: addDays(today(), -14),
    coordinatorIds: [otherCoordinator.id],
    place: 'Storgata 10, Oslo',
  });
  cohortA = { id: a.id, name: a.name };
  cohortB = { id: b.id, name: b.name };
  enrolmentA = (await setup.enrol({ cohortId: a.id, studentId: student.id, supervisorIds: [supervisor.id] })).id;
  await setup.enrol({ cohortId: a.id, studentId: fellow.id, supervisorIds: [supervisor.id] });
  await setup.enrol({ cohortId: b.id, studentId: otherStudent.id, supervisorIds: [] });
});

afterAll(async () => {
  await t.close();
});

const daysOf = (cohortId: number) => t.dataSource.getRepository(TeachingDay).find({ where: { cohortId }, order: { date: 'ASC', id: 'ASC' } });
const futureDays = async (cohortId: number) => (await daysOf(cohortId)).filter((d) => d.date > today());

/** The address of the person's feed, as their profile page shows it. */
async function feedAddress(agent: Agent): Promise<string> {
  const page = await agent.get('/profile');
  const match = /<input id="calendar-address" type="text" value="([^"]+)" readonly/.exec(page.text);
  if (!match) throw new Error('No calendar address on the profile page');
  return match[1];
}

/** The feed fetched the way a calendar program does: no cookies, no session. */
const fetchFeed = (address: string) => request(t.http).get(new URL(address).pathname);

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  const byUid = (uid: string) => events.find((event) => event.uid === uid);
  return { calendar, events, byUid, uids: events.map((event) => event.uid) };
}

async function feedOf(person: User) {
  const agent = await signedIn(t, person);
  const address = await feedAddress(agent);
  const res = await fetchFeed(address);
  expect(res.status).toBe(200);
  return { agent, address, res, ...parse(res.text) };
}

const dayUid = (id: number) => `teaching-day-${id}@${HOST}`;
const status = (event: ICAL.Event | undefined) => event?.component.getFirstPropertyValue('status');
const tzid = (event: ICAL.Event, property: 'dtstart' | 'dtend') => event.component.getFirstProperty(property)!.getParameter('tzid');

async function postForm(agent: Agent, pagePath: string, action: string, fields: Record<string, string>) {
  const page = await agent.get(pagePath);
  return agent.post(action).type('form').send({ _csrf: csrfFrom(page.text), ...fields });
}

describe("a student's feed", () => {
  it('parses, names Europe/Oslo with its definition, and holds the teaching days with time and place and the milestones', async () => {
    const { res, calendar, events, byUid } = await feedOf(student);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    const zone = calendar.getFirstSubcomponent('vtimezone')!;
    expect(zone.getFirstPropertyValue('tzid')).toBe('Europe/Oslo');

    const [day] = await futureDays(cohortA.id);
    const event = byUid(dayUid(day.id))!;
    expect(event.startDate.toString()).toBe(`${day.date}T08:30:00`);
    expect(event.endDate.toString()).toBe(`${day.date}T14:15:00`);
    expect(tzid(event, 'dtstart')).toBe('Europe/Oslo');
    expect(tzid(event, 'dtend')).toBe('Europe/Oslo');
    expect(event.location).toBe('Kronstad, rom 2.14');
    expect(event.summary).toBe(`Undervisning: ${mbBergen.content.title.nb} – MB Bergen, kull A`);
    expect(status(event)).toBe('CONFIRMED');
    // Through the zone's own definition, the start is the right moment: 08:30 in Oslo is 06:30 or 07:30 UTC.
    const start = event.startDate.clone();
    start.zone = new ICAL.Timezone(zone);
    const offsetHours = (new Date(`${day.date}T08:30:00Z`).getTime() - start.toJSDate().getTime()) / 3_600_000;
    expect([1, 2]).toContain(offsetHours);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit' }).format(start.toJSDate())).toBe('08:30');

    // Every teaching day of the student's cohort, and none of another cohort's.
    const days = await daysOf(cohortA.id);
    const dayEvents = events.filter((e) => e.uid.startsWith('teaching-day-'));
    expect(dayEvents.map((e) => e.uid).sort()).toEqual(days.map((d) => dayUid(d.id)).sort());
    for (const other of await daysOf(cohortB.id)) expect(byUid(dayUid(other.id))).toBeUndefined();

    // The student's own milestones, as all-day events on their due dates.
    const milestones = mbBergen.content.assignment!.milestones;
    for (const milestone of milestones) {
      const due = byUid(`milestone-enrolment-${enrolmentA}-${milestone.key}@${HOST}`)!;
      expect(due.startDate.isDate).toBe(true);
      expect(due.startDate.toString()).toBe(dueDate(START, 'months', milestone.dueAfter));
      expect(due.summary).toBe(`Frist: ${milestone.title.nb} (${mbBergen.content.title.nb})`);
    }
    expect(events).toHaveLength(days.length + milestones.length);
  });

  it("follows a cancelled day: the same event, now cancelled and saying so, with a higher sequence", async () => {
    const coordinatorAgent = await signedIn(t, coordinator);
    const { address, byUid } = await feedOf(student);
    const [, day] = await futureDays(cohortA.id);
    const before = byUid(dayUid(day.id))!;
    const count = parse((await fetchFeed(address)).text).events.length;

    const res = await postForm(coordinatorAgent, `/cohorts/${cohortA.id}/days`, `/cohorts/${cohortA.id}/days/${day.id}/cancel`, { version: String(day.version) });
    expect(res.status).toBe(303);

    const after = parse((await fetchFeed(address)).text);
    const cancelled = after.byUid(dayUid(day.id))!;
    expect(status(cancelled)).toBe('CANCELLED');
    expect(cancelled.summary).toBe(`AVLYST – ${before.summary}`);
    expect(cancelled.sequence).toBeGreaterThan(before.sequence);
    expect(cancelled.startDate.toString()).toBe(before.startDate.toString());
    // Still there: a cancelled day never silently leaves the calendar.
    expect(after.events).toHaveLength(count);

    // Restored, it is confirmed again, with a higher sequence still.
    const current = (await t.dataSource.getRepository(TeachingDay).findOneByOrFail({ id: day.id })).version;
    await postForm(coordinatorAgent, `/cohorts/${cohortA.id}/days`, `/cohorts/${cohortA.id}/days/${day.id}/restore`, { version: String(current) });
    const restored = parse((await fetchFeed(address)).text).byUid(dayUid(day.id))!;
    expect(status(restored)).toBe('CONFIRMED');
    expect(restored.sequence).toBeGreaterThan(cancelled.sequence);
  });

  it("follows a day given its own time and place, and a change to the cohort's usual hours", async () => {
    const coordinatorAgent = await signedIn(t, coordinator);
    const { address, byUid } = await feedOf(student);
    const [, , moved, usual] = await futureDays(cohortA.id);
    const before = { moved: byUid(dayUid(moved.id))!, usual: byUid(dayUid(usual.id))! };

    const hoursPage = `/cohorts/${cohortA.id}/days/${moved.id}/hours`;
    const page = await coordinatorAgent.get(hoursPage);
    expect(page.status).toBe(200);
    const saved = await coordinatorAgent.post(hoursPage).type('form').send({ ...formFor(page.text, hoursPage).fields, startTime: '10:00', endTime: '12:00', place: 'Aulaen' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/cohorts/${cohortA.id}/days?done=hours#day-${moved.id}`);
    const list = await coordinatorAgent.get(`/cohorts/${cohortA.id}/days?done=hours`);
    expect(mainText(list.text)).toContain('Tid og sted for dagen er lagret.');
    expect(mainText(new RegExp(`<tr id="day-${moved.id}">[\\s\\S]*?</tr>`).exec(list.text)![0])).toContain('10:00–12:00, Aulaen (egen for dagen)');
    expect(mainText(list.text)).toContain('Vanlig tid og sted: 08:30–14:15, Kronstad, rom 2.14.');

    let feed = parse((await fetchFeed(address)).text);
    const own = feed.byUid(dayUid(moved.id))!;
    expect(own.startDate.toString()).toBe(`${moved.date}T10:00:00`);
    expect(own.endDate.toString()).toBe(`${moved.date}T12:00:00`);
    expect(own.location).toBe('Aulaen');
    expect(own.sequence).toBeGreaterThan(before.moved.sequence);

    // The cohort's usual hours change: every day without its own follows, the day with its own keeps them.
    const editPage = await coordinatorAgent.get(`/cohorts/${cohortA.id}/edit`);
    const edit = formFor(editPage.text, `/cohorts/${cohortA.id}`);
    expect(edit.fields).toMatchObject({ startTime: '08:30', endTime: '14:15', place: 'Kronstad, rom 2.14' });
    expect((await coordinatorAgent.post(`/cohorts/${cohortA.id}`).type('form').send({ ...edit.fields, startTime: '09:00', endTime: '13:00' })).status).toBe(303);
    feed = parse((await fetchFeed(address)).text);
    const usualAfter = feed.byUid(dayUid(usual.id))!;
    expect(usualAfter.startDate.toString()).toBe(`${usual.date}T09:00:00`);
    expect(usualAfter.endDate.toString()).toBe(`${usual.date}T13:00:00`);
    expect(usualAfter.sequence).toBeGreaterThan(before.usual.sequence);
    expect(feed.byUid(dayUid(moved.id))!.startDate.toString()).toBe(`${moved.date}T10:00:00`);

    // Emptied, the day's own fields give way to the cohort's again.
    const again = await coordinatorAgent.get(hoursPage);
    await coordinatorAgent.post(hoursPage).type('form').send({ ...formFor(again.text, hoursPage).fields, startTime: '', endTime: '', place: '' });
    const back = parse((await fetchFeed(address)).text).byUid(dayUid(moved.id))!;
    expect(back.startDate.toString()).toBe(`${moved.date}T09:00:00`);
    expect(back.location).toBe('Kronstad, rom 2.14');

    // Put back as they were, for the other tests.
    const restore = formFor((await coordinatorAgent.get(`/cohorts/${cohortA.id}/edit`)).text, `/cohorts/${cohortA.id}`);
    await coordinatorAgent.post(`/cohorts/${cohortA.id}`).type('form').send({ ...restore.fields, startTime: '08:30', endTime: '14:15' });
  });

  it("is written in the person's chosen language", async () => {
    const english = await makeUser(t, ['student'], { locale: 'en' });
    await t.app.get(CohortSetupService).enrol({ cohortId: cohortA.id, studentId: english.id, supervisorIds: [] });
    const { events } = await feedOf(english);
    expect(events.find((e) => e.uid.startsWith('teaching-day-'))!.summary).toBe(`Teaching: ${mbBergen.content.title.en ?? mbBergen.content.title.nb} – MB Bergen, kull A`);
    expect(events.find((e) => e.uid.startsWith('milestone-'))!.summary).toMatch(/^Due: /);
  });
});

describe("a coordinator's and a supervisor's feeds", () => {
  it("hold the coordinator's cohorts' days and each cohort's milestones once, and no other cohort's days", async () => {
    const { events, byUid, uids } = await feedOf(coordinator);
    const days = await daysOf(cohortA.id);
    for (const day of days) expect(byUid(dayUid(day.id))).toBeDefined();
    for (const day of await daysOf(cohortB.id)) expect(byUid(dayUid(day.id))).toBeUndefined();
    for (const milestone of mbBergen.content.assignment!.milestones) {
      const due = byUid(`milestone-cohort-${cohortA.id}-${milestone.key}@${HOST}`)!;
      expect(due.startDate.toString()).toBe(dueDate(START, 'months', milestone.dueAfter));
      expect(due.summary).toBe(`Frist: ${milestone.title.nb} – MB Bergen, kull A`);
    }
    // Not one event per student: the coordinator's feed holds no enrolment's milestones.
    expect(uids.filter((uid) => uid.startsWith('milestone-enrolment-'))).toEqual([]);
    expect(events).toHaveLength(days.length + mbBergen.content.assignment!.milestones.length);

    // Erfaringsskolen has no project assignment: its coordinator's feed holds days only.
    const other = await feedOf(otherCoordinator);
    expect(other.uids.every((uid) => uid.startsWith('teaching-day-'))).toBe(true);
    expect(other.uids.sort()).toEqual((await daysOf(cohortB.id)).map((d) => dayUid(d.id)).sort());
  });

  it("hold the supervisor's students' cohort days, once per day however many of its students they follow", async () => {
    const { uids } = await feedOf(supervisor);
    expect(uids.sort()).toEqual((await daysOf(cohortA.id)).map((d) => dayUid(d.id)).sort());
  });

  it("hold an employer's consenting trainees' cohort days, so they know when the trainee is at school, and nothing without consent", async () => {
    const organisation = await t.users.createOrganisation('Fjordvik kommune, rustjenesten');
    const employer = await makeUser(t, ['employer'], { organisationId: organisation.id });
    const trainee = await makeUser(t, ['student'], { name: 'Tor Trainee' });
    const enrolment = await t.app.get(CohortSetupService).enrol({ cohortId: cohortB.id, studentId: trainee.id, supervisorIds: [], employerOrganisationId: organisation.id });
    expect((await feedOf(employer)).uids).toEqual([]);

    const traineeAgent = await signedIn(t, trainee);
    const consent = (granted: 'yes' | 'no') => postForm(traineeAgent, `/enrolments/${enrolment.id}/consent`, `/enrolments/${enrolment.id}/consent`, { granted, organisation: String(organisation.id) });
    expect((await consent('yes')).status).toBe(303);
    const { uids, events } = await feedOf(employer);
    expect(uids.sort()).toEqual((await daysOf(cohortB.id)).map((d) => dayUid(d.id)).sort());
    expect(events.every((event) => !event.summary.includes('Tor'))).toBe(true);
    // Another organisation's employer sees none of it.
    const elsewhere = await makeUser(t, ['employer'], { organisationId: (await t.users.createOrganisation('Annen arbeidsgiver AS')).id });
    expect((await feedOf(elsewhere)).uids).toEqual([]);

    expect((await consent('no')).status).toBe(303);
    expect((await feedOf(employer)).uids).toEqual([]);
  });

  it("read the same few statements however many cohorts a person reaches", async () => {
    const many = await makeUser(t, ['coordinator', 'student', 'supervisor']);
    const setup = t.app.get(CohortSetupService);
    const { address } = await feedOf(many);
    const count = async () => {
      const spy = jest.spyOn(t.dataSource.logger, 'logQuery');
      const res = await fetchFeed(address);
      const statements = spy.mock.calls.length;
      spy.mockRestore();
      return { res, statements };
    };
    const none = await count();
    for (let i = 0; i < 3; i += 1) {
      const cohort = await setup.create({ name: `Kull ${i}`, curriculumVersionId: mbBergen.id, startDate: START, coordinatorIds: [many.id] });
      await setup.enrol({ cohortId: cohort.id, studentId: many.id, supervisorIds: [] });
      const other = await makeUser(t, ['student']);
      await setup.enrol({ cohortId: cohort.id, studentId: other.id, supervisorIds: [many.id] });
    }
    const three = await count();
    expect(parse(three.res.text).events.length).toBeGreaterThan(parse(none.res.text).events.length);
    expect(three.statements).toBe(none.statements);
    expect(three.statements).toBeLessThanOrEqual(3);
  });
});

describe('the address of a feed', () => {
  it('is on the profile page of every person with a role, private, with a subscribe link', async () => {
    for (const role of ['student', 'supervisor', 'employer', 'coordinator', 'admin'] as const) {
      const person = await makeUser(t, [role]);
      const page = await (await signedIn(t, person)).get('/profile');
      const text = mainText(page.text);
      expect(text).toContain('Kalender');
      expect(text).toContain('Adressen er privat');
      const address = /<input id="calendar-address" type="text" value="([^"]+)" readonly/.exec(page.text)![1];
      expect(address).toMatch(new RegExp(`^http://localhost:3000/calendar/${person.id}-[A-Za-z0-9_-]{43}\\.ics$`));
      expect(page.text).toContain(`href="${address.replace('http:', 'webcal:')}"`);
      expect(page.text).toMatch(/<label for="calendar-address">/);
      expect((await fetchFeed(address)).status).toBe(200);
    }
  });

  it('is renewed on the profile page: the old address then answers 404 and the new one works', async () => {
    const { agent, address } = await feedOf(student);
    const page = await agent.get('/profile');
    // Only with the session's CSRF token.
    expect((await agent.post('/profile/calendar').type('form').send({})).status).toBe(403);
    expect(await feedAddress(agent)).toBe(address);

    const res = await agent.post('/profile/calendar').type('form').send(formFor(page.text, '/profile/calendar').fields);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/profile');
    const after = await agent.get('/profile');
    expect(mainText(after.text)).toContain('Kalenderen din har fått en ny adresse. Den gamle adressen virker ikke lenger');
    const renewed = await feedAddress(agent);
    expect(renewed).not.toBe(address);
    expect((await fetchFeed(address)).status).toBe(404);
    const fresh = await fetchFeed(renewed);
    expect(fresh.status).toBe(200);
    expect(parse(fresh.text).events.length).toBeGreaterThan(0);
    // Renewing leaves the profile form valid: it is not a change to the name or the language.
    const profile = formFor(after.text, '/profile');
    expect((await agent.post('/profile').type('form').send({ ...profile.fields, name: 'Sara Student' })).status).toBe(303);
  });

  it('answers anything but a current address with the same 404, whoever it names', async () => {
    const { address } = await feedOf(student);
    const path = new URL(address).pathname;
    const token = path.slice('/calendar/'.length, -'.ics'.length);
    const mac = token.slice(token.indexOf('-') + 1);
    const otherMac = (await feedOf(otherStudent)).address.split('-').slice(1).join('-').replace(/\.ics$/, '');
    const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
    const wrong = [
      `/calendar/${student.id}-${flipped}.ics`,
      `/calendar/${student.id}-${otherMac}.ics`,
      `/calendar/${otherStudent.id}-${mac}.ics`,
      `/calendar/999999-${mac}.ics`,
      `/calendar/${token}`,
      `/calendar/${token}.ICS`,
      `/calendar/${student.id}.ics`,
      '/calendar/nonsense.ics',
    ];
    const answers = await Promise.all(wrong.map((p) => request(t.http).get(p)));
    for (const [i, res] of answers.entries()) {
      expect({ path: wrong[i], status: res.status }).toEqual({ path: wrong[i], status: 404 });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      // No hint of whose the address was or why it failed.
      expect(res.text).not.toMatch(/Sara|Amina|token|kalender/i);
      expect(mainText(res.text)).toBe(mainText(answers[0].text));
    }
  });

  it("never opens someone else's feed, signed in or not", async () => {
    const sara = await feedOf(student);
    const amina = await feedOf(otherStudent);
    // Signed in as Sara, Amina's feed is still only Amina's address, and Sara's cookie adds nothing to a wrong one.
    const mac = sara.address.split('/').pop()!.replace(/^\d+-/, '');
    expect((await sara.agent.get(`/calendar/${otherStudent.id}-${mac}.ics`)).status).toBe(404);
    expect(sara.uids.some((uid) => amina.uids.includes(uid))).toBe(false);
  });

  it("stops working when the account is deactivated, and works again when it is reactivated", async () => {
    const person = await makeUser(t, ['student']);
    await t.app.get(CohortSetupService).enrol({ cohortId: cohortB.id, studentId: person.id, supervisorIds: [] });
    const { address } = await feedOf(person);
    await t.users.setActive(person.id, false);
    expect((await fetchFeed(address)).status).toBe(404);
    await t.users.setActive(person.id, true);
    expect((await fetchFeed(address)).status).toBe(200);
  });
});

describe("the cohort's usual time and place", () => {
  it('are asked for when a cohort is created, shown on its page, and refused beside the field when wrong, with what was typed kept', async () => {
    const agent = await signedIn(t, coordinator);
    const page = await agent.get('/cohorts/new');
    expect(page.text).toMatch(/id="startTime" name="startTime" type="time"\s*value="09:00"/);
    expect(page.text).toMatch(/id="endTime" name="endTime" type="time"\s*value="15:00"/);
    const base = { _csrf: csrfFrom(page.text), name: 'Våren 2027', programme: 'mb-bergen', startDate: '2027-01-04', weekdays: ['tuesday', 'thursday'], coordinators: [String(coordinator.id)] };
    const post = (fields: Record<string, string>) => agent.post('/cohorts').type('form').send(new URLSearchParams([...Object.entries({ ...base, ...fields }).flatMap(([k, v]) => ([] as string[]).concat(v).map((x) => [k, x]))]).toString());

    const bad = await post({ startTime: 'ni', endTime: '25:00', place: 'Kronstad' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="startTime-error">[\s\S]*?Skriv klokkeslettet som TT:MM, for eksempel 09:00\./);
    expect(bad.text).toMatch(/id="endTime-error">[\s\S]*?Skriv klokkeslettet som TT:MM/);
    expect(bad.text).toMatch(/id="startTime" name="startTime" type="time"\s*value="ni"/);
    expect(bad.text).toMatch(/id="endTime" name="endTime" type="time"\s*value="25:00"/);
    expect(bad.text).toMatch(/id="startTime"[^>]*aria-invalid="true"[^>]*aria-describedby="startTime-hint startTime-error"/);
    expect(bad.text).toContain('<a href="#startTime">');
    expect(bad.text).toMatch(/id="place" name="place" type="text"\s*value="Kronstad"/);
    expect(bad.text).toMatch(/id="weekdays-thursday"[^>]*checked/);

    const backwards = await post({ startTime: '15:00', endTime: '09:30', place: 'Kronstad' });
    expect(backwards.status).toBe(400);
    expect(backwards.text).toMatch(/id="endTime-error">[\s\S]*?Undervisningen må slutte senere enn den starter\./);
    expect(backwards.text).toMatch(/id="startTime" name="startTime" type="time"\s*value="15:00"/);
    expect(backwards.text).not.toContain('id="startTime-error"');

    const long = await post({ startTime: '09:00', endTime: '15:00', place: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.text).toMatch(/id="place-error">[\s\S]*?Stedet kan ha høyst 200 tegn\./);

    const [{ count }] = await t.dataSource.query("SELECT COUNT(*) AS count FROM cohorts WHERE name = 'Våren 2027'");
    expect(Number(count)).toBe(0);

    const good = await post({ startTime: '8.30', endTime: '14:15', place: 'Kronstad, rom 2.14' });
    expect(good.status).toBe(303);
    const shown = await agent.get(good.headers.location);
    expect(mainText(shown.text)).toContain('Undervisningstid og sted 08:30–14:15, Kronstad, rom 2.14');
  });

  it('are refused beside the field on the edit form too, and nothing is saved', async () => {
    const agent = await signedIn(t, coordinator);
    const editPage = await agent.get(`/cohorts/${cohortA.id}/edit`);
    const edit = formFor(editPage.text, `/cohorts/${cohortA.id}`);
    const res = await agent.post(`/cohorts/${cohortA.id}`).type('form').send({ ...edit.fields, startTime: '14:00', endTime: '13:59', place: 'Et annet sted' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="endTime-error">[\s\S]*?Undervisningen må slutte senere enn den starter\./);
    expect(res.text).toMatch(/id="endTime" name="endTime" type="time"\s*value="13:59"/);
    expect(res.text).toMatch(/id="place" name="place" type="text"\s*value="Et annet sted"/);
    const [row] = await t.dataSource.query(`SELECT start_time AS "startTime", end_time AS "endTime", place FROM cohorts WHERE id = ${cohortA.id}`);
    expect(row).toEqual({ startTime: '08:30', endTime: '14:15', place: 'Kronstad, rom 2.14' });
  });
});

describe("a teaching day's own time and place", () => {
  it('are refused beside the field when the day would end before it starts, with what was typed kept', async () => {
    const agent = await signedIn(t, coordinator);
    const [day] = await futureDays(cohortA.id);
    const path = `/cohorts/${cohortA.id}/days/${day.id}/hours`;
    const page = await agent.get(path);
    expect(mainText(page.text)).toContain('Kullet har vanligvis undervisning 08:30–14:15.');
    // Only the start given: the cohort's usual end (14:15) comes before it.
    const res = await agent.post(path).type('form').send({ ...formFor(page.text, path).fields, startTime: '15:00' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="endTime-error">[\s\S]*?Undervisningen må slutte senere enn den starter\./);
    expect(res.text).toMatch(/id="startTime" name="startTime" type="time"\s*value="15:00"/);
    const stale = await agent.post(path).type('form').send({ ...formFor(page.text, path).fields, startTime: '10:00', version: String(day.version + 5) });
    expect(stale.status).toBe(409);
    expect((await t.dataSource.getRepository(TeachingDay).findOneByOrFail({ id: day.id })).startTime).toBeNull();
  });

  it("keep a day's own start and end as a pair, so that the cohort's later hours cannot turn the day around", async () => {
    const agent = await signedIn(t, coordinator);
    const [, day] = await futureDays(cohortA.id);
    const path = `/cohorts/${cohortA.id}/days/${day.id}/hours`;
    const page = await agent.get(path);
    expect((await agent.post(path).type('form').send({ ...formFor(page.text, path).fields, startTime: '10:00' })).status).toBe(303);
    expect(await t.dataSource.getRepository(TeachingDay).findOneByOrFail({ id: day.id })).toMatchObject({ startTime: '10:00', endTime: '14:15', place: null });
    const again = await agent.get(path);
    expect(formFor(again.text, path).fields).toMatchObject({ startTime: '10:00', endTime: '14:15', place: '' });
    await agent.post(path).type('form').send({ ...formFor(again.text, path).fields, startTime: '', endTime: '' });
    expect(await t.dataSource.getRepository(TeachingDay).findOneByOrFail({ id: day.id })).toMatchObject({ startTime: null, endTime: null });
  });

  it('are changed only for days still to come: a day that has been held keeps its time and place', async () => {
    const agent = await signedIn(t, coordinator);
    const held = (await daysOf(cohortA.id)).filter((d) => d.date < today());
    const coming = await futureDays(cohortA.id);
    expect(held.length).toBeGreaterThan(0);
    const list = await agent.get(`/cohorts/${cohortA.id}/days`);
    const row = (id: number) => new RegExp(`<tr id="day-${id}">[\\s\\S]*?</tr>`).exec(list.text)![0];
    expect(row(held[0].id)).not.toContain('/hours"');
    expect(row(held[0].id)).toContain('08:30–14:15, Kronstad, rom 2.14');
    expect(row(coming[0].id)).toContain(`href="/cohorts/${cohortA.id}/days/${coming[0].id}/hours"`);

    const path = `/cohorts/${cohortA.id}/days/${held[0].id}/hours`;
    const page = await agent.get(path);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain('Denne dagen er allerede holdt.');
    expect(page.text).not.toContain(`action="${path}"`);
    const res = await agent.post(path).type('form').send({ _csrf: csrfFrom(page.text), startTime: '10:00', endTime: '11:00', place: 'Aulaen', version: String(held[0].version) });
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('Denne dagen er allerede holdt.');
    expect(await t.dataSource.getRepository(TeachingDay).findOneByOrFail({ id: held[0].id })).toMatchObject({ startTime: null, endTime: null, place: null, version: held[0].version });
  });

  it('are not found for anyone but the cohort’s coordinators and administrators', async () => {
    const [day] = await futureDays(cohortA.id);
    const path = `/cohorts/${cohortA.id}/days/${day.id}/hours`;
    for (const person of [otherCoordinator, student, supervisor, await makeUser(t, ['employer'])]) {
      const agent = await signedIn(t, person);
      expect((await agent.get(path)).status).toBe(404);
      const token = csrfFrom((await agent.get('/profile')).text);
      expect((await agent.post(path).type('form').send({ _csrf: token, startTime: '10:00', version: String(day.version) })).status).toBe(404);
    }
    // A day of another cohort under this cohort's address does not exist either.
    const [other] = await daysOf(cohortB.id);
    expect((await (await signedIn(t, coordinator)).get(`/cohorts/${cohortA.id}/days/${other.id}/hours`)).status).toBe(404);
    expect((await (await signedIn(t, await makeUser(t, ['admin']))).get(path)).status).toBe(200);
    expect((await t.dataSource.getRepository(TeachingDay).findOneByOrFail({ id: day.id })).startTime).toBeNull();
  });
});
