import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import ICAL from 'ical.js';
import { buildFeed, type FeedDay, type FeedInput, type FeedMilestone } from './feed-events';

const ROOT = path.resolve(__dirname, '..', '..');
const PROGRAMME = { nb: 'Erfaringsskolen', en: 'The School of Lived Experience' };

const summerDay: FeedDay = {
  id: 7,
  date: '2026-10-06',
  startTime: '09:00',
  endTime: '15:00',
  place: 'Kronstad, rom 2.14',
  cancelled: false,
  cohortName: 'Høstkullet',
  programme: PROGRAMME,
  sequence: 0,
};
const winterDay: FeedDay = { ...summerDay, id: 8, date: '2026-11-10', startTime: '10:15', endTime: '14:30', place: '' };
const milestone: FeedMilestone = {
  owner: { enrolmentId: 12 },
  key: 'proposal',
  title: { nb: 'Prosjektskisse', en: 'Project proposal' },
  dueDate: '2027-01-01',
  cohortName: 'Høstkullet',
  programme: PROGRAMME,
  sequence: 2,
};

function parse(input: Partial<FeedInput> = {}) {
  const text = buildFeed({ locale: 'nb', host: 'brobygger.example.no', days: [summerDay, winterDay], milestones: [milestone], ...input });
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = calendar.getFirstSubcomponent('vtimezone')!;
  const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  return { text, calendar, zone, events, event: (uid: string) => events.find((e) => e.uid === uid)! };
}

describe('the calendar feed', () => {
  it('names its time zone, Europe/Oslo, with the definition of the zone included', () => {
    const { zone, calendar } = parse();
    expect(zone.getFirstPropertyValue('tzid')).toBe('Europe/Oslo');
    expect(zone.getAllSubcomponents('daylight')).toHaveLength(1);
    expect(zone.getAllSubcomponents('standard')).toHaveLength(1);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
  });

  it('gives a teaching day its start and end in Oslo time, its place, and a summary naming programme and cohort', () => {
    const { event, zone } = parse();
    const day = event('teaching-day-7@brobygger.example.no');
    expect(day.startDate.toString()).toBe('2026-10-06T09:00:00');
    expect(day.endDate.toString()).toBe('2026-10-06T15:00:00');
    expect(day.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Oslo');
    expect(day.component.getFirstProperty('dtend')!.getParameter('tzid')).toBe('Europe/Oslo');
    expect(day.location).toBe('Kronstad, rom 2.14');
    expect(day.summary).toBe('Undervisning: Erfaringsskolen – Høstkullet');
    expect(day.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    // Through the zone's own definition: summer time (UTC+2) in October, standard time (UTC+1) in November.
    const oslo = new ICAL.Timezone(zone);
    const utc = (time: ICAL.Time) => {
      const copy = time.clone();
      copy.zone = oslo;
      return copy.convertToZone(ICAL.Timezone.utcTimezone).toString();
    };
    expect(utc(day.startDate)).toBe('2026-10-06T07:00:00Z');
    const winter = event('teaching-day-8@brobygger.example.no');
    expect(utc(winter.startDate)).toBe('2026-11-10T09:15:00Z');
    expect(utc(winter.endDate)).toBe('2026-11-10T13:30:00Z');
    // No place given: no LOCATION at all rather than an empty one.
    expect(winter.component.hasProperty('location')).toBe(false);
  });

  it('writes the same wall-clock times wherever the server runs', () => {
    // A process of its own per zone: the zone a Date reads its fields in is fixed when the process starts.
    const script = `
      const { buildFeed } = require('./src/calendar/feed-events.ts');
      const input = ${JSON.stringify({ locale: 'nb', host: 'h', days: [summerDay, winterDay], milestones: [milestone] })};
      process.stdout.write(buildFeed(input).split('\\r\\n').filter((line) => /^(DTSTART|DTEND)/.test(line)).join('\\n'));
    `;
    const lines = ['UTC', 'America/New_York', 'Asia/Tokyo', 'Europe/Oslo'].map((zone) => {
      const run = spawnSync(process.execPath, ['-r', './test/support/register-ts.js', '-e', script], { cwd: ROOT, env: { ...process.env, TZ: zone }, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return run.stdout.split('\n');
    });
    for (const found of lines) expect(found).toEqual(lines[0]);
    expect(lines[0]).toContain('DTSTART;TZID=Europe/Oslo:20261006T090000');
    expect(lines[0]).toContain('DTEND;TZID=Europe/Oslo:20261110T143000');
    expect(lines[0]).toContain('DTSTART;VALUE=DATE:20270101');
  });

  it('stamps every event in UTC, as RFC 5545 asks', () => {
    const { text } = parse();
    const stamps = text.split('\r\n').filter((line) => line.startsWith('DTSTAMP:'));
    expect(stamps).toHaveLength(3);
    for (const stamp of stamps) expect(stamp).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
  });

  it('keeps a cancelled day as a cancelled event that says so, under the same id', () => {
    const { event } = parse({ days: [{ ...summerDay, cancelled: true, sequence: 1 }] });
    const day = event('teaching-day-7@brobygger.example.no');
    expect(day.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(day.summary).toBe('AVLYST – Undervisning: Erfaringsskolen – Høstkullet');
    expect(day.description).toBe('Denne undervisningsdagen er avlyst.');
    expect(day.sequence).toBe(1);
    expect(day.startDate.toString()).toBe('2026-10-06T09:00:00');
  });

  it("shows a milestone's due date as an all-day event that does not make the person busy", () => {
    const { event } = parse();
    const due = event('milestone-enrolment-12-proposal@brobygger.example.no');
    expect(due.startDate.isDate).toBe(true);
    expect(due.startDate.toString()).toBe('2027-01-01');
    expect(due.endDate.toString()).toBe('2027-01-02');
    expect(due.summary).toBe('Frist: Prosjektskisse (Erfaringsskolen)');
    expect(due.sequence).toBe(2);
    expect(due.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
  });

  it("names a cohort's milestone by the cohort, under an id of its own", () => {
    const { events } = parse({ milestones: [milestone, { ...milestone, owner: { cohortId: 12 } }] });
    const uids = events.map((e) => e.uid);
    expect(uids).toContain('milestone-enrolment-12-proposal@brobygger.example.no');
    expect(uids).toContain('milestone-cohort-12-proposal@brobygger.example.no');
    expect(events.find((e) => e.uid.startsWith('milestone-cohort'))!.summary).toBe('Frist: Prosjektskisse – Høstkullet');
  });

  it('gives every event the same id in every fetch, so that calendars update it rather than add another', () => {
    const first = parse().events.map((e) => e.uid);
    const again = parse({ days: [{ ...summerDay, startTime: '10:00', sequence: 3 }, winterDay] }).events.map((e) => e.uid);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it("is written in the person's language", () => {
    const { event, calendar } = parse({ locale: 'en', days: [{ ...summerDay, cancelled: true }] });
    expect(event('teaching-day-7@brobygger.example.no').summary).toBe('CANCELLED – Teaching: The School of Lived Experience – Høstkullet');
    expect(event('milestone-enrolment-12-proposal@brobygger.example.no').summary).toBe('Due: Project proposal (The School of Lived Experience)');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Brobygger');
  });
});
