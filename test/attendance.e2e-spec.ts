import request from 'supertest';
import { AttendanceChange, AttendanceRecord } from '../src/attendance/attendance-record.entity';
import { TeachingDay } from '../src/attendance/teaching-day.entity';
import { Cohort } from '../src/cohorts/cohort.entity';
import { CohortSetupService } from '../src/cohort-admin/cohort-setup.service';
import { Enrolment } from '../src/cohorts/enrolment.entity';
import { programmeEnd } from '../src/cohorts/timeline';
import { addDays, today, weekdayIndex } from '../src/common/dates';
import type { CurriculumVersion } from '../src/curricula/curriculum-version.entity';
import { CurriculaService } from '../src/curricula/curricula.service';
import { browser, csrfFrom, makeUser, mainText, startTestApp, TestApp } from './support/test-app';

let t: TestApp;
let programme: CurriculumVersion;

beforeAll(async () => {
  t = await startTestApp();
  programme = t.app.get(CurriculaService).getCurrent('erfaringsskolen');
});

afterAll(async () => {
  await t.close();
});

/** Six weeks into the programme: some teaching days have been held, most are still to come. */
const START = addDays(today(), -42);
const NB_WEEKDAYS = ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'];

type User = Awaited<ReturnType<typeof makeUser>>;

/** A date written out as the pages write it in bokmål: "6. oktober 2026". */
function written(date: string): string {
  return new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/** An Erfaringsskolen cohort (teaching days generated) run by `coordinator`, with students of these names. */
async function makeCohort(coordinator: User, names: string[] = ['Anne Aas', 'Bjørn Berg'], startDate = START) {
  const cohorts = t.app.get(CohortSetupService);
  const cohort = await cohorts.create({ name: `Kull ${Math.random().toString(36).slice(2, 8)}`, curriculumVersionId: programme.id, startDate, coordinatorIds: [coordinator.id] });
  const students: { enrolmentId: number; user: User; name: string }[] = [];
  for (const name of names) {
    const user = await makeUser(t, ['student'], { name });
    const enrolment = await cohorts.enrol({ cohortId: cohort.id, studentId: user.id, supervisorIds: [] });
    students.push({ enrolmentId: enrolment.id, user, name });
  }
  return { cohort, students };
}

const daysOf = (cohortId: number) => t.dataSource.getRepository(TeachingDay).find({ where: { cohortId }, order: { date: 'ASC' } });
const pastDays = async (cohortId: number) => (await daysOf(cohortId)).filter((d) => d.date <= today());
const futureDays = async (cohortId: number) => (await daysOf(cohortId)).filter((d) => d.date > today());
const recordsOf = (teachingDayId: number) => t.dataSource.getRepository(AttendanceRecord).find({ where: { teachingDayId } });
const changesOf = (teachingDayId: number) => t.dataSource.getRepository(AttendanceChange).find({ where: { teachingDayId } });

async function signedIn(user: User) {
  const agent = browser(t);
  await agent.signIn(user.email);
  return agent;
}
type Agent = Awaited<ReturnType<typeof signedIn>>;

/** A date in the programme period the cohort has no day on. */
async function freeDate(cohortId: number, from = addDays(today(), 1)): Promise<string> {
  const taken = new Set((await daysOf(cohortId)).map((d) => d.date));
  let date = from;
  while (taken.has(date)) date = addDays(date, 1);
  return date;
}

/** The row of the days table for one day. */
function rowOf(html: string, dayId: number): string {
  const match = new RegExp(`<tr id="day-${dayId}">[\\s\\S]*?</tr>`).exec(html);
  if (!match) throw new Error(`No row for day ${dayId}`);
  return match[0];
}

/**
 * Posts the attendance form as a browser would: the hidden fields and the choices already
 * checked on the page, with `choices` (enrolment id → status) changed by the person.
 */
async function submitRegister(agent: Agent, cohortId: number, dayId: number, choices: Record<number, string>, opened?: { text: string }) {
  const page = opened ?? (await agent.get(`/cohorts/${cohortId}/days/${dayId}`));
  const body: Record<string, string> = { _csrf: csrfFrom(page.text) };
  for (const [, name, value] of page.text.matchAll(/<input type="hidden" name="(shown_\d+)" value="([^"]*)">/g)) body[name] = value;
  for (const [, name, value] of page.text.matchAll(/<input type="radio" id="[^"]+" name="(status_\d+)" value="(\w+)" checked/g)) body[name] = value;
  for (const [id, status] of Object.entries(choices)) body[`status_${id}`] = status;
  return agent.post(`/cohorts/${cohortId}/days/${dayId}`).type('form').send(body);
}

async function postDays(agent: Agent, path: string, fields: Record<string, string>) {
  const page = await agent.get(path.replace(/\/days\/.*$/, '/days'));
  return agent.post(path).type('form').send({ _csrf: csrfFrom(page.text), ...fields });
}

describe('the list of teaching days', () => {
  it('lists every teaching day generated from the schedule, with weekday, week, state and attendance recorded', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort } = await makeCohort(coordinator);
    const { daysPerWeek, from, to } = programme.content.schedule;
    // Weekdays that are days off in Norway are skipped, and listed apart (see 'days off' below).
    const [{ count: skipped }] = await t.dataSource.query(`SELECT COUNT(*) AS count FROM skipped_teaching_days WHERE cohort_id = ${cohort.id}`);
    const expected = daysPerWeek * (to - from + 1) - Number(skipped);
    const days = await daysOf(cohort.id);
    expect(days).toHaveLength(expected);

    const page = await (await signedIn(coordinator)).get(`/cohorts/${cohort.id}/days`);
    expect(page.status).toBe(200);
    expect(page.text.match(/<tr id="day-\d+">/g)).toHaveLength(expected);
    expect(mainText(page.text)).toContain(`Kullet har ${expected} undervisningsdager, 0 av dem avlyst.`);
    expect(mainText(page.text)).toContain(`Programperioden er ${written(START)}–${written(programmeEnd(START, 'weeks', programme.content.duration.length))}.`);
    expect(page.text).toContain('<th scope="col">Uke i programmet</th>');

    const first = mainText(rowOf(page.text, days[0].id));
    expect(first).toContain(written(days[0].date));
    expect(first).toContain(NB_WEEKDAYS[weekdayIndex(days[0].date)]);
    expect(first).toContain(`Uke ${from}`);
    expect(first).toContain('Planlagt');
    expect(first).toContain('0 av 2 deltakere');
    expect(rowOf(page.text, days[0].id)).toContain(`href="/cohorts/${cohort.id}/days/${days[0].id}"`);
    expect(mainText(rowOf(page.text, days[expected - 1].id))).toContain(`Uke ${to}`);
  });

  it('adds a teaching day inside the programme period', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort } = await makeCohort(coordinator);
    const agent = await signedIn(coordinator);
    const date = await freeDate(cohort.id);
    const res = await postDays(agent, `/cohorts/${cohort.id}/days`, { date });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/cohorts/${cohort.id}/days?done=added`);
    const page = await agent.get(res.headers.location);
    expect(mainText(page.text)).toContain('Undervisningsdagen er lagt til.');
    const added = (await daysOf(cohort.id)).find((d) => d.date === date);
    expect(added).toMatchObject({ date, cancelled: false });
    expect(mainText(rowOf(page.text, added!.id))).toContain(written(date));
    // Only the known notices: anything else in the address shows none.
    for (const done of ['constructor', '__proto__', 'nonsense']) {
      const other = await agent.get(`/cohorts/${cohort.id}/days?done=${done}`);
      expect(other.status).toBe(200);
      expect(other.text).not.toContain('role="status"');
    }
  });

  it('refuses a date that is not a date, outside the programme or already taken, beside the field and with the typed value kept', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort } = await makeCohort(coordinator);
    const agent = await signedIn(coordinator);
    const days = await daysOf(cohort.id);
    const cancelled = days[days.length - 1];
    await t.dataSource.getRepository(TeachingDay).update({ id: cancelled.id }, { cancelled: true });
    const end = programmeEnd(START, 'weeks', programme.content.duration.length);
    const cases = [
      { date: '', message: 'Skriv inn en dato.' },
      { date: 'neste tirsdag', message: 'Skriv inn en gyldig dato på formen ÅÅÅÅ-MM-DD' },
      { date: '2026-02-30', message: 'Skriv inn en gyldig dato på formen ÅÅÅÅ-MM-DD' },
      { date: addDays(START, -1), message: 'Datoen må ligge innenfor kullets programperiode.' },
      { date: addDays(end, 1), message: 'Datoen må ligge innenfor kullets programperiode.' },
      { date: days[3].date, message: 'Kullet har allerede en undervisningsdag denne datoen.' },
      { date: cancelled.date, message: 'Kullet har en avlyst undervisningsdag denne datoen. Gjenopprett den i stedet.' },
    ];
    for (const { date, message } of cases) {
      const res = await postDays(agent, `/cohorts/${cohort.id}/days`, { date });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(new RegExp(`<p class="field__error" id="date-error">[\\s\\S]*?${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(res.text).toMatch(new RegExp(`id="date" name="date" type="date"\\s*value="${date}"`));
      expect(res.text).toMatch(/id="date"[^>]*aria-invalid="true"/);
      expect(res.text).toContain('aria-describedby="date-hint date-error"');
      expect(res.text).toMatch(/<title>Feil:/);
      // The page is shown again whole: the list of days is still there.
      expect(res.text.match(/<tr id="day-\d+">/g)).toHaveLength(days.length);
    }
    expect(await daysOf(cohort.id)).toHaveLength(days.length);
  });

  it('moves a day to a free date, and refuses a taken date, a date outside the programme or not a date, beside that day', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort } = await makeCohort(coordinator);
    const agent = await signedIn(coordinator);
    const [day, other] = await futureDays(cohort.id);
    const path = `/cohorts/${cohort.id}/days/${day.id}/move`;

    for (const { date, message } of [
      { date: other.date, message: 'Kullet har allerede en undervisningsdag denne datoen.' },
      { date: addDays(START, -7), message: 'Datoen må ligge innenfor kullets programperiode.' },
      { date: '31.12.2026', message: 'Skriv inn en gyldig dato på formen ÅÅÅÅ-MM-DD' },
      { date: day.date, message: 'Dagen ligger allerede på denne datoen.' },
    ]) {
      const res = await postDays(agent, path, { date, version: String(day.version) });
      expect(res.status).toBe(400);
      const row = rowOf(res.text, day.id);
      expect(row).toMatch(new RegExp(`<p class="field__error" id="move-${day.id}-error">[\\s\\S]*?${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(row).toMatch(new RegExp(`id="move-${day.id}" name="date" value="${date}"`));
      expect(row).toContain(`aria-describedby="move-${day.id}-error"`);
      expect(res.text).toContain(`<a href="#move-${day.id}">`);
    }
    expect((await daysOf(cohort.id)).find((d) => d.id === day.id)!.date).toBe(day.date);

    const target = await freeDate(cohort.id, addDays(day.date, 1));
    const res = await postDays(agent, path, { date: target, version: String(day.version) });
    expect(res.status).toBe(303);
    const page = await agent.get(res.headers.location);
    expect(mainText(page.text)).toContain('Undervisningsdagen er flyttet.');
    expect(mainText(rowOf(page.text, day.id))).toContain(written(target));
    expect((await daysOf(cohort.id)).find((d) => d.id === day.id)!.date).toBe(target);

    // A second form from before the move is out of date: it is refused, not applied.
    const stale = await postDays(agent, path, { date: await freeDate(cohort.id, addDays(target, 1)), version: String(day.version) });
    expect(stale.status).toBe(409);
    expect(mainText(rowOf(stale.text, day.id))).toContain('Dagen er endret av noen andre etter at du åpnet siden.');
    expect((await daysOf(cohort.id)).find((d) => d.id === day.id)!.date).toBe(target);
  });

  it('keeps a day with attendance recorded on its date: cancel it and add another instead', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort, students } = await makeCohort(coordinator);
    const agent = await signedIn(coordinator);
    const [day] = await pastDays(cohort.id);
    expect((await submitRegister(agent, cohort.id, day.id, { [students[0].enrolmentId]: 'present' })).status).toBe(303);

    const list = await agent.get(`/cohorts/${cohort.id}/days`);
    const row = rowOf(list.text, day.id);
    expect(mainText(row)).toContain('1 av 2 deltakere');
    expect(mainText(row)).toContain('Har registrert oppmøte og kan ikke flyttes.');
    expect(row).not.toContain('/move"');

    const res = await postDays(agent, `/cohorts/${cohort.id}/days/${day.id}/move`, { date: await freeDate(cohort.id), version: String(day.version) });
    expect(res.status).toBe(400);
    expect(mainText(rowOf(res.text, day.id))).toContain('Dagen har registrert oppmøte og kan ikke flyttes. Avlys den og legg til en ny dag i stedet.');
    expect((await daysOf(cohort.id)).find((d) => d.id === day.id)!.date).toBe(day.date);
  });

  it('cancels and restores a day', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort } = await makeCohort(coordinator);
    const agent = await signedIn(coordinator);
    const [day] = await futureDays(cohort.id);

    const cancel = await postDays(agent, `/cohorts/${cohort.id}/days/${day.id}/cancel`, { version: String(day.version) });
    expect(cancel.status).toBe(303);
    let page = await agent.get(cancel.headers.location);
    expect(mainText(page.text)).toContain('Undervisningsdagen er avlyst.');
    expect(mainText(page.text)).toMatch(/Kullet har \d+ undervisningsdager, 1 av dem avlyst\./);
    expect(mainText(rowOf(page.text, day.id))).toContain('Avlyst');
    expect(rowOf(page.text, day.id)).toContain(`action="/cohorts/${cohort.id}/days/${day.id}/restore"`);
    const cancelled = (await daysOf(cohort.id)).find((d) => d.id === day.id)!;
    expect(cancelled.cancelled).toBe(true);

    // The cancel button on a page opened before is out of date.
    const stale = await postDays(agent, `/cohorts/${cohort.id}/days/${day.id}/cancel`, { version: String(day.version) });
    expect(stale.status).toBe(409);

    const restore = await postDays(agent, `/cohorts/${cohort.id}/days/${day.id}/restore`, { version: String(cancelled.version) });
    expect(restore.status).toBe(303);
    page = await agent.get(restore.headers.location);
    expect(mainText(page.text)).toContain('Undervisningsdagen er gjenopprettet.');
    expect(mainText(rowOf(page.text, day.id))).toContain('Planlagt');
    expect((await daysOf(cohort.id)).find((d) => d.id === day.id)!.cancelled).toBe(false);
  });
});

describe('days off', () => {
  // Tuesdays and Thursdays from Monday 7 December 2026: Christmas Eve and New Year's Eve are Thursdays.
  const CHRISTMAS = '2026-12-07';

  it('are left out when the days are generated, and shown with the holiday each one is', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort } = await makeCohort(coordinator, ['Anne Aas'], CHRISTMAS);
    const dates = (await daysOf(cohort.id)).map((d) => d.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-12-22', '2026-12-29']));
    expect(dates).not.toContain('2026-12-24');
    expect(dates).not.toContain('2026-12-31');

    const agent = await signedIn(coordinator);
    const page = await agent.get(`/cohorts/${cohort.id}/days`);
    const skipped = mainText(/<table id="skipped">[\s\S]*?<\/table>/.exec(page.text)![0]);
    expect(skipped).toContain(`${written('2026-12-24')} torsdag Julaften`);
    expect(skipped).toContain(`${written('2026-12-31')} torsdag Nyttårsaften`);
    expect(mainText(page.text)).toMatch(/ble \d+ dager hoppet over fordi de er helligdager/);

    const english = await makeUser(t, ['coordinator'], { locale: 'en' });
    await t.dataSource.query(`INSERT INTO cohort_coordinators (cohort_id, user_id) VALUES (${cohort.id}, ${english.id})`);
    expect(mainText((await (await signedIn(english)).get(`/cohorts/${cohort.id}/days`)).text)).toContain("Christmas Eve");
  });

  it('can be added back by the coordinator, and then cancelled like any teaching day', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort } = await makeCohort(coordinator, ['Anne Aas'], CHRISTMAS);
    const agent = await signedIn(coordinator);
    const page = await agent.get(`/cohorts/${cohort.id}/days`);
    expect(page.text).toMatch(/<input type="hidden" name="date" value="2026-12-24">\s*<button type="submit" class="button button--secondary">Legg til som undervisningsdag/);

    const added = await postDays(agent, `/cohorts/${cohort.id}/days`, { date: '2026-12-24' });
    expect(added.status).toBe(303);
    const day = (await daysOf(cohort.id)).find((d) => d.date === '2026-12-24')!;
    const after = await agent.get(added.headers.location);
    expect(mainText(after.text)).toContain('Undervisningsdagen er lagt til.');
    const skipped = mainText(/<table id="skipped">[\s\S]*?<\/table>/.exec(after.text)![0]);
    expect(skipped).toContain(`${written('2026-12-24')} torsdag Julaften Lagt til igjen`);
    expect(after.text).toContain(`href="#day-${day.id}"`);
    expect(after.text).not.toMatch(/name="date" value="2026-12-24"/);

    const cancel = await postDays(agent, `/cohorts/${cohort.id}/days/${day.id}/cancel`, { version: String(day.version) });
    expect(cancel.status).toBe(303);
    expect((await daysOf(cohort.id)).find((d) => d.id === day.id)!.cancelled).toBe(true);
  });

  it('are neither shown nor added back for anyone but the cohort\'s coordinators', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort } = await makeCohort(coordinator, ['Anne Aas'], CHRISTMAS);
    const other = await signedIn(await makeUser(t, ['coordinator']));
    expect((await other.get(`/cohorts/${cohort.id}/days`)).status).toBe(404);
    const token = csrfFrom((await other.get('/')).text);
    expect((await other.post(`/cohorts/${cohort.id}/days`).type('form').send({ _csrf: token, date: '2026-12-24' })).status).toBe(404);
    expect((await daysOf(cohort.id)).map((d) => d.date)).not.toContain('2026-12-24');
  });
});

describe('recording attendance for a day', () => {
  it('shows every student of the cohort with present, absent and excused in one form', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort, students } = await makeCohort(coordinator, ['Anne Aas', 'Bjørn Berg', 'Cecilie Dahl']);
    await makeCohort(coordinator, ['Someone Elsewhere']);
    const [day] = await pastDays(cohort.id);
    const page = await (await signedIn(coordinator)).get(`/cohorts/${cohort.id}/days/${day.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`<h1>Oppmøte ${written(day.date)}</h1>`));
    expect(page.text.match(/<form method="post" action="\/cohorts\/\d+\/days\/\d+" id="register"/g)).toHaveLength(1);
    expect(page.text.match(/<fieldset/g)).toHaveLength(3);
    for (const student of students) {
      expect(page.text).toMatch(new RegExp(`<fieldset class="field" id="status_${student.enrolmentId}">\\s*<legend>${student.name}</legend>`));
      for (const [value, label] of [['present', 'Til stede'], ['absent', 'Fravær'], ['excused', 'Gyldig fravær']]) {
        const id = `status_${student.enrolmentId}_${value}`;
        expect(page.text).toContain(`<input type="radio" id="${id}" name="status_${student.enrolmentId}" value="${value}">`);
        expect(page.text).toContain(`<label for="${id}">${label}</label>`);
      }
    }
    expect(mainText(page.text)).not.toContain('Someone Elsewhere');
    expect(mainText(page.text)).toContain('Registrert: 0 til stede, 0 gyldig fravær, 0 fravær, 3 ikke registrert.');
  });

  it('saves the whole cohort in one save, leaving a student left blank unrecorded', async () => {
    const coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Koordinator' });
    const { cohort, students } = await makeCohort(coordinator, ['Anne Aas', 'Bjørn Berg', 'Cecilie Dahl']);
    const agent = await signedIn(coordinator);
    const [day] = await pastDays(cohort.id);
    const [anne, bjorn, cecilie] = students;

    const res = await submitRegister(agent, cohort.id, day.id, { [anne.enrolmentId]: 'present', [bjorn.enrolmentId]: 'absent' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/cohorts/${cohort.id}/days/${day.id}?saved=2`);
    const page = await agent.get(res.headers.location);
    expect(mainText(page.text)).toContain('Oppmøtet er lagret. Antall endringer: 2.');
    expect(mainText(page.text)).toContain('Registrert: 1 til stede, 0 gyldig fravær, 1 fravær, 1 ikke registrert.');
    expect(page.text).toMatch(new RegExp(`id="status_${anne.enrolmentId}_present"[^>]*checked`));
    expect(page.text).toMatch(new RegExp(`id="status_${bjorn.enrolmentId}_absent"[^>]*checked`));
    expect(page.text).not.toMatch(new RegExp(`id="status_${cecilie.enrolmentId}_\\w+"[^>]*checked`));

    const records = await recordsOf(day.id);
    expect(records.map((r) => [r.enrolmentId, r.status, r.recordedBy]).sort()).toEqual(
      [[anne.enrolmentId, 'present', coordinator.id], [bjorn.enrolmentId, 'absent', coordinator.id]].sort(),
    );
    const list = await agent.get(`/cohorts/${cohort.id}/days`);
    expect(mainText(rowOf(list.text, day.id))).toContain('2 av 3 deltakere');

    // Saving again unchanged writes nothing and says so.
    const again = await submitRegister(agent, cohort.id, day.id, {});
    expect(again.headers.location).toBe(`/cohorts/${cohort.id}/days/${day.id}?saved=0`);
    expect(mainText((await agent.get(again.headers.location)).text)).toContain('Ingenting var endret, så ingenting ble lagret.');
    expect(await changesOf(day.id)).toHaveLength(2);
  });

  it('shows who changed what and when, from and to, after a second save that changes one student', async () => {
    const coordinator = await makeUser(t, ['coordinator'], { name: 'Kari Koordinator' });
    const colleague = await makeUser(t, ['coordinator'], { name: 'Per Kollega' });
    const { cohort, students } = await makeCohort(coordinator, ['Anne Aas', 'Bjørn Berg']);
    await t.dataSource.createQueryBuilder().relation(Cohort, 'coordinators').of(cohort.id).add(colleague.id);
    const [day] = await pastDays(cohort.id);
    const [anne, bjorn] = students;

    await submitRegister(await signedIn(coordinator), cohort.id, day.id, { [anne.enrolmentId]: 'present', [bjorn.enrolmentId]: 'absent' });
    const page = await (await signedIn(colleague)).get(`/cohorts/${cohort.id}/days/${day.id}`);
    expect(mainText(page.text)).toContain('Endringer');
    const second = await submitRegister(await signedIn(colleague), cohort.id, day.id, { [bjorn.enrolmentId]: 'excused' });
    expect(second.headers.location).toContain('saved=1');

    const after = await (await signedIn(coordinator)).get(`/cohorts/${cohort.id}/days/${day.id}`);
    const history = /<section aria-labelledby="history-title">[\s\S]*?<\/section>/.exec(after.text)![0];
    const rows = [...history.matchAll(/<tr>\s*<th scope="row">[\s\S]*?<\/tr>/g)].map((m) => mainText(m[0]));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(new RegExp(`^Bjørn Berg Fravær Gyldig fravær Per Kollega ${written(today())} kl\\. \\d\\d:\\d\\d$`));
    expect(rows.slice(1).sort()).toEqual(
      [
        expect.stringMatching(/^Anne Aas Ikke registrert Til stede Kari Koordinator .+ kl\. \d\d:\d\d$/),
        expect.stringMatching(/^Bjørn Berg Ikke registrert Fravær Kari Koordinator .+ kl\. \d\d:\d\d$/),
      ].sort(),
    );
    expect(rows.slice(1).sort()[0]).toMatch(/^Anne/);
    expect(history).toMatch(/<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);

    const changes = await changesOf(day.id);
    expect(changes.filter((c) => c.changedBy === colleague.id).map((c) => [c.enrolmentId, c.oldStatus, c.newStatus])).toEqual([[bjorn.enrolmentId, 'absent', 'excused']]);
    expect((await recordsOf(day.id)).find((r) => r.enrolmentId === bjorn.enrolmentId)).toMatchObject({ status: 'excused', recordedBy: colleague.id });
  });

  it('refuses recording a day that has not come yet, writing nothing', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort, students } = await makeCohort(coordinator);
    const agent = await signedIn(coordinator);
    const [day] = await futureDays(cohort.id);
    const page = await agent.get(`/cohorts/${cohort.id}/days/${day.id}`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain(`Denne dagen har ikke kommet ennå. Du kan registrere oppmøte fra og med ${written(day.date)}.`);
    expect(page.text).not.toContain('type="radio"');

    const res = await agent.post(`/cohorts/${cohort.id}/days/${day.id}`).type('form').send({ _csrf: csrfFrom(page.text), [`status_${students[0].enrolmentId}`]: 'present' });
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('Oppmøte kan ikke registreres for en dag som ikke har kommet ennå.');
    expect(await recordsOf(day.id)).toHaveLength(0);
    expect(await changesOf(day.id)).toHaveLength(0);
  });

  it('refuses recording a cancelled day, writing nothing', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort, students } = await makeCohort(coordinator);
    const agent = await signedIn(coordinator);
    const [day] = await pastDays(cohort.id);
    expect((await postDays(agent, `/cohorts/${cohort.id}/days/${day.id}/cancel`, { version: String(day.version) })).status).toBe(303);
    const page = await agent.get(`/cohorts/${cohort.id}/days/${day.id}`);
    expect(mainText(page.text)).toContain('Denne dagen er avlyst. Gjenopprett den på listen over undervisningsdager før du registrerer oppmøte.');
    expect(page.text).not.toContain('type="radio"');

    const res = await agent.post(`/cohorts/${cohort.id}/days/${day.id}`).type('form').send({ _csrf: csrfFrom(page.text), [`status_${students[0].enrolmentId}`]: 'present' });
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('Oppmøte kan ikke registreres for en avlyst dag.');
    expect(await recordsOf(day.id)).toHaveLength(0);
  });

  it('refuses a form naming a student of another cohort, or an unknown status, and writes none of it', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort, students } = await makeCohort(coordinator);
    const { cohort: otherCohort, students: others } = await makeCohort(coordinator, ['Olga Other']);
    const agent = await signedIn(coordinator);
    const [day] = await pastDays(cohort.id);
    const [otherDay] = await pastDays(otherCohort.id);
    const page = await agent.get(`/cohorts/${cohort.id}/days/${day.id}`);
    const csrf = csrfFrom(page.text);
    const post = (fields: Record<string, string>) => agent.post(`/cohorts/${cohort.id}/days/${day.id}`).type('form').send({ _csrf: csrf, ...fields });

    const foreign = await post({ [`status_${students[0].enrolmentId}`]: 'present', [`status_${others[0].enrolmentId}`]: 'absent' });
    expect(foreign.status).toBe(400);
    expect(mainText(foreign.text)).toContain('Skjemaet gjaldt en deltaker som ikke er med i dette kullet. Ingenting er lagret.');
    expect(mainText(foreign.text)).not.toContain('Olga Other');

    for (const name of ['status_abc', 'status_0', 'status_99999999']) {
      const res = await post({ [`status_${students[0].enrolmentId}`]: 'present', [name]: 'present' });
      expect(res.status).toBe(400);
      expect(mainText(res.text)).toContain('ikke er med i dette kullet');
    }

    const unknown = await post({ [`status_${students[0].enrolmentId}`]: 'present', [`status_${students[1].enrolmentId}`]: 'late' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toMatch(new RegExp(`<fieldset class="field field--error" id="status_${students[1].enrolmentId}">[\\s\\S]*?Velg til stede, fravær eller gyldig fravær\\.`));
    expect(unknown.text).toContain(`aria-describedby="status_${students[1].enrolmentId}-error status_${students[1].enrolmentId}-now"`);
    // What was chosen for the other student is kept on the page.
    expect(unknown.text).toMatch(new RegExp(`id="status_${students[0].enrolmentId}_present"[^>]*checked`));

    expect(await recordsOf(day.id)).toHaveLength(0);
    expect(await changesOf(day.id)).toHaveLength(0);
    expect(await recordsOf(otherDay.id)).toHaveLength(0);
  });

  it('refuses a save from a page opened before someone else changed the same student', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort, students } = await makeCohort(coordinator);
    const [day] = await pastDays(cohort.id);
    const [anne] = students;
    const first = await signedIn(coordinator);
    const second = await signedIn(coordinator);
    const stalePage = await second.get(`/cohorts/${cohort.id}/days/${day.id}`);

    expect((await submitRegister(first, cohort.id, day.id, { [anne.enrolmentId]: 'present' })).status).toBe(303);
    const res = await second
      .post(`/cohorts/${cohort.id}/days/${day.id}`)
      .type('form')
      .send({ _csrf: csrfFrom(stalePage.text), [`shown_${anne.enrolmentId}`]: '', [`status_${anne.enrolmentId}`]: 'absent' });
    expect(res.status).toBe(409);
    expect(mainText(res.text)).toContain('Noen andre har endret oppmøtet for denne deltakeren mens du hadde siden åpen.');
    expect(mainText(res.text)).toContain('Registrert nå: Til stede');
    expect(res.text).toMatch(new RegExp(`id="status_${anne.enrolmentId}_absent"[^>]*checked`));
    expect(res.text).toContain(`name="shown_${anne.enrolmentId}" value="present"`);
    expect((await recordsOf(day.id)).map((r) => r.status)).toEqual(['present']);
    expect(await changesOf(day.id)).toHaveLength(1);
  });
});

describe('two people at once', () => {
  it('saves two registers sent at the same moment for different students, both from the same page', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort, students } = await makeCohort(coordinator);
    const [anne, bjorn] = students;
    const [day] = await pastDays(cohort.id);
    const first = await signedIn(coordinator);
    const second = await signedIn(coordinator);
    const pageA = await first.get(`/cohorts/${cohort.id}/days/${day.id}`);
    const pageB = await second.get(`/cohorts/${cohort.id}/days/${day.id}`);
    const [a, b] = await Promise.all([
      submitRegister(first, cohort.id, day.id, { [anne.enrolmentId]: 'present' }, pageA),
      submitRegister(second, cohort.id, day.id, { [bjorn.enrolmentId]: 'absent' }, pageB),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect((await recordsOf(day.id)).map((r) => [r.enrolmentId, r.status]).sort()).toEqual(
      [[anne.enrolmentId, 'present'], [bjorn.enrolmentId, 'absent']].sort(),
    );
    expect(await changesOf(day.id)).toHaveLength(2);
  });

  it('adds a date only once when two people add it at the same moment', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort } = await makeCohort(coordinator);
    const first = await signedIn(coordinator);
    const second = await signedIn(coordinator);
    const date = await freeDate(cohort.id);
    const [csrfA, csrfB] = [csrfFrom((await first.get(`/cohorts/${cohort.id}/days`)).text), csrfFrom((await second.get(`/cohorts/${cohort.id}/days`)).text)];
    const results = await Promise.all([
      first.post(`/cohorts/${cohort.id}/days`).type('form').send({ _csrf: csrfA, date }),
      second.post(`/cohorts/${cohort.id}/days`).type('form').send({ _csrf: csrfB, date }),
    ]);
    const refused = results.find((r) => r.status !== 303)!;
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect([400, 409]).toContain(refused.status);
    expect(mainText(refused.text)).toContain('Kullet har allerede en undervisningsdag denne datoen.');
    expect((await daysOf(cohort.id)).filter((d) => d.date === date)).toHaveLength(1);
  });
});

describe('attendance per student', () => {
  it('shows present, excused, absent, days recorded and the rate against the threshold, marking those below it in words', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort, students } = await makeCohort(coordinator, ['Anne Aas', 'Bjørn Berg', 'Cecilie Dahl']);
    const [anne, bjorn] = students;
    const agent = await signedIn(coordinator);
    const days = await pastDays(cohort.id);
    expect(days.length).toBeGreaterThanOrEqual(6);
    const anneDays = ['present', 'present', 'present', 'excused', 'absent'];
    const bjornDays = ['present', 'present', 'absent', 'absent', 'absent'];
    for (let i = 0; i < 5; i++) {
      expect((await submitRegister(agent, cohort.id, days[i].id, { [anne.enrolmentId]: anneDays[i], [bjorn.enrolmentId]: bjornDays[i] })).status).toBe(303);
    }
    // Absent on a day that is then cancelled: a cancelled day does not count.
    await submitRegister(agent, cohort.id, days[5].id, { [anne.enrolmentId]: 'absent' });
    await postDays(agent, `/cohorts/${cohort.id}/days/${days[5].id}/cancel`, { version: String(days[5].version) });

    const page = await agent.get(`/cohorts/${cohort.id}/attendance`);
    expect(page.status).toBe(200);
    const threshold = programme.content.attendance.threshold;
    const text = mainText(page.text);
    expect(text).toContain(`Kravet er minst ${threshold} % oppmøte.`);
    expect(text).toContain(`Undervisningsdager holdt så langt: ${days.length - 1}.`);
    const row = (name: string) => mainText(new RegExp(`<tr>\\s*<th scope="row">${name}</th>[\\s\\S]*?</tr>`).exec(page.text)![0]);
    const standing = (percent: number) => (percent >= threshold ? 'Oppfyller kravet' : `Under kravet på ${threshold} %`);
    expect(row('Anne Aas')).toBe(`Anne Aas 3 1 1 5 80 % ${standing(80)}`);
    expect(row('Bjørn Berg')).toBe(`Bjørn Berg 2 0 3 5 40 % ${standing(40)}`);
    expect(row('Cecilie Dahl')).toBe('Cecilie Dahl 0 0 0 0 Ikke beregnet Ikke registrert ennå');
    expect(text).toContain(`Deltakere under kravet: ${[80, 40].filter((p) => p < threshold).length} av 3.`);
    expect(page.text).toContain('<th scope="col">Gyldig fravær</th>');
  });
});

describe('who may use the attendance pages', () => {
  let cohortId: number;
  let enrolmentId: number;
  let past: TeachingDay;
  let future: TeachingDay;
  let outsiders: Record<string, User>;

  beforeAll(async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort, students } = await makeCohort(coordinator, ['Anne Aas']);
    cohortId = cohort.id;
    enrolmentId = students[0].enrolmentId;
    [past] = await pastDays(cohortId);
    [future] = await futureDays(cohortId);
    const organisation = await t.users.createOrganisation('Fjordvik kommune');
    const supervisor = await makeUser(t, ['supervisor']);
    const employer = await makeUser(t, ['employer'], { organisationId: organisation.id });
    const otherCoordinator = await makeUser(t, ['coordinator']);
    await makeCohort(otherCoordinator, []);
    await t.dataSource.getRepository(Enrolment).update({ id: enrolmentId }, { employerOrganisationId: organisation.id });
    await t.dataSource.createQueryBuilder().relation(Enrolment, 'supervisors').of(enrolmentId).add(supervisor.id);
    outsiders = { student: students[0].user, supervisor, 'coordinator of another cohort': otherCoordinator, employer };
  });

  const routes = () => ({
    get: [`/cohorts/${cohortId}/days`, `/cohorts/${cohortId}/days/${past.id}`, `/cohorts/${cohortId}/attendance`],
    post: [
      [`/cohorts/${cohortId}/days`, { date: addDays(future.date, 1) }],
      [`/cohorts/${cohortId}/days/${future.id}/move`, { date: addDays(future.date, 1), version: String(future.version) }],
      [`/cohorts/${cohortId}/days/${future.id}/cancel`, { version: String(future.version) }],
      [`/cohorts/${cohortId}/days/${past.id}/restore`, { version: String(past.version) }],
      [`/cohorts/${cohortId}/days/${past.id}`, { [`status_${enrolmentId}`]: 'present', [`shown_${enrolmentId}`]: '' }],
    ] as [string, Record<string, string>][],
  });

  it.each(['student', 'supervisor', 'coordinator of another cohort', 'employer'])('answers a %s "not found" on every page and form, and nothing is written', async (who) => {
    const before = await daysOf(cohortId);
    const agent = await signedIn(outsiders[who]);
    const csrf = csrfFrom((await agent.get('/')).text);
    for (const path of routes().get) {
      const res = await agent.get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(mainText(res.text)).toContain('Fant ikke siden');
      expect(mainText(res.text)).not.toContain('Anne Aas');
    }
    for (const [path, fields] of routes().post) {
      const res = await agent.post(path).type('form').send({ _csrf: csrf, ...fields });
      expect([path, res.status]).toEqual([path, 404]);
    }
    expect(await daysOf(cohortId)).toEqual(before);
    expect(await recordsOf(past.id)).toHaveLength(0);
    expect(await changesOf(past.id)).toHaveLength(0);
  });

  it('answers not found for a day of another cohort, an unknown cohort or an id that is not a number', async () => {
    const coordinator = await makeUser(t, ['coordinator']);
    const { cohort } = await makeCohort(coordinator);
    const agent = await signedIn(coordinator);
    const csrf = csrfFrom((await agent.get(`/cohorts/${cohort.id}/days`)).text);
    for (const path of [`/cohorts/${cohort.id}/days/${past.id}`, '/cohorts/999999/days', '/cohorts/abc/days', `/cohorts/${cohort.id}/days/1.5`, '/cohorts/999999/attendance']) {
      expect([path, (await agent.get(path)).status]).toEqual([path, 404]);
    }
    const res = await agent.post(`/cohorts/${cohort.id}/days/${past.id}`).type('form').send({ _csrf: csrf, [`status_${enrolmentId}`]: 'present' });
    expect(res.status).toBe(404);
    const cancel = await agent.post(`/cohorts/${cohort.id}/days/${future.id}/cancel`).type('form').send({ _csrf: csrf, version: String(future.version) });
    expect(cancel.status).toBe(404);
    expect(await recordsOf(past.id)).toHaveLength(0);
    expect((await daysOf(cohortId)).find((d) => d.id === future.id)!.cancelled).toBe(false);
  });

  it('lets an administrator in, and sends someone not signed in to sign in', async () => {
    const admin = await makeUser(t, ['admin']);
    const agent = await signedIn(admin);
    for (const path of routes().get) expect([path, (await agent.get(path)).status]).toEqual([path, 200]);
    const res = await request(t.http).get(`/cohorts/${cohortId}/days`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/cohorts/${cohortId}/days`)}`);
  });
});

describe('language', () => {
  it('shows the pages in English for someone who chose English', async () => {
    const coordinator = await makeUser(t, ['coordinator'], { locale: 'en' });
    const { cohort } = await makeCohort(coordinator);
    const agent = await signedIn(coordinator);
    const [day] = await pastDays(cohort.id);
    const days = mainText((await agent.get(`/cohorts/${cohort.id}/days`)).text);
    expect(days).toContain('Add a teaching day');
    expect(days).toContain('Week of the programme');
    const register = mainText((await agent.get(`/cohorts/${cohort.id}/days/${day.id}`)).text);
    expect(register).toContain('Save attendance');
    expect(register).toContain('Excused');
    expect(mainText((await agent.get(`/cohorts/${cohort.id}/attendance`)).text)).toContain('Attendance per student');
  });
});
