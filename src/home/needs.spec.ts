import type { MilestoneStatus } from '../assignments/milestones';
import type { CurriculumContent } from '../curricula/curriculum.types';
import { daysWaited, endOfWeek, hoursStalled, milestonesDueSoon, paceWhileRunning, PracticeActivity, plural, toMoment } from './needs';

describe('toMoment', () => {
  it('reads SQLite text as UTC and passes a Date from PostgreSQL through', () => {
    expect(toMoment('2026-12-01 22:30:00')!.toISOString()).toBe('2026-12-01T22:30:00.000Z');
    expect(toMoment('2026-12-01 22:30:00.123')!.toISOString()).toBe('2026-12-01T22:30:00.123Z');
    const date = new Date('2026-12-01T10:00:00Z');
    expect(toMoment(date)).toBe(date);
    expect(toMoment(null)).toBeNull();
  });
});

describe('daysWaited', () => {
  it('counts calendar days in Norway, not 24-hour spans', () => {
    // Submitted at 23:30 on 1 December in Oslo (22:30 UTC); on 2 December at 08:00 it has waited one day.
    expect(daysWaited(new Date('2026-12-01T22:30:00Z'), new Date('2026-12-02T07:00:00Z'))).toBe(1);
    // Submitted at 00:30 on 2 December in Oslo (23:30 UTC the day before): the same day, so none.
    expect(daysWaited(new Date('2026-12-01T23:30:00Z'), new Date('2026-12-02T20:00:00Z'))).toBe(0);
    expect(daysWaited(new Date('2026-11-28T09:00:00Z'), new Date('2026-12-02T09:00:00Z'))).toBe(4);
  });

  it('never goes below zero when the clocks disagree', () => {
    expect(daysWaited(new Date('2026-12-03T09:00:00Z'), new Date('2026-12-02T09:00:00Z'))).toBe(0);
  });
});

describe('endOfWeek', () => {
  it('ends the week on Sunday, Sunday included', () => {
    expect(endOfWeek('2026-12-01')).toBe('2026-12-06'); // a Tuesday
    expect(endOfWeek('2026-12-06')).toBe('2026-12-06');
    expect(endOfWeek('2026-12-07')).toBe('2026-12-13');
  });
});

describe('plural', () => {
  it('picks the key for one or for several', () => {
    expect(plural('home.x', 1)).toBe('home.x.one');
    expect(plural('home.x', 0)).toBe('home.x.other');
    expect(plural('home.x', 2)).toBe('home.x.other');
  });
});

describe('hoursStalled', () => {
  // A 15-week programme that started on 2 November 2026 and ends on 14 February 2027; today is 1 December.
  const on = '2026-12-01';
  const base: PracticeActivity = {
    startDate: '2026-11-02',
    endDate: '2027-02-14',
    certified: false,
    lastEntryDate: '2026-11-10',
    lastSubmitted: new Date('2026-11-10T12:00:00Z'),
    approvedHours: 10,
    requiredHours: 90,
  };

  it('holds when nothing was dated or submitted in the last 14 days', () => {
    expect(hoursStalled(base, on)).toBe(true);
    expect(hoursStalled({ ...base, lastEntryDate: null, lastSubmitted: null }, on)).toBe(true);
  });

  it('does not hold when an entry is dated, or one was submitted, within the 14 days', () => {
    expect(hoursStalled({ ...base, lastEntryDate: '2026-11-17' }, on)).toBe(false);
    expect(hoursStalled({ ...base, lastEntryDate: '2026-11-16' }, on)).toBe(true);
    // Dated earlier, but sent in on 20 November.
    expect(hoursStalled({ ...base, lastSubmitted: new Date('2026-11-20T08:00:00Z') }, on)).toBe(false);
    // 23:30 on 16 November in Oslo is the 17th there: within the 14 days.
    expect(hoursStalled({ ...base, lastSubmitted: new Date('2026-11-16T23:30:00Z') }, on)).toBe(false);
  });

  it('is not judged in the first 14 days, after the end, with a certificate, or with every hour approved', () => {
    expect(hoursStalled({ ...base, startDate: '2026-11-18', lastEntryDate: null, lastSubmitted: null }, on)).toBe(false);
    expect(hoursStalled({ ...base, startDate: '2026-11-17', lastEntryDate: null, lastSubmitted: null }, on)).toBe(true);
    expect(hoursStalled({ ...base, endDate: '2026-11-30' }, on)).toBe(false);
    expect(hoursStalled({ ...base, certified: true }, on)).toBe(false);
    expect(hoursStalled({ ...base, approvedHours: 90 }, on)).toBe(false);
  });
});

describe('paceWhileRunning', () => {
  // 15 weeks from Monday 17 August 2026 (105 days); module "a" needs sign-off within two weeks after week 2.
  const content = {
    duration: { unit: 'weeks', length: 15 },
    practice: { requiredHours: 90, categories: [] },
    modules: [{ key: 'a', period: { from: 1, to: 2 }, signOff: true }],
  } as unknown as CurriculumContent;
  const trainee = { startDate: '2026-08-17', certified: false, approvedHours: 27, signedOff: ['a'], approvedByCategory: new Map<string, number>() };

  it("is the cohort table's pace rule while the programme runs", () => {
    // 42 of 105 days: 36 hours expected, 27 is 75 % of it.
    expect(paceWhileRunning(content, trainee, '2026-09-28')).toMatchObject({ onPace: true, expectedHours: 36 });
    expect(paceWhileRunning(content, { ...trainee, approvedHours: 26.75 }, '2026-09-28')).toMatchObject({ onPace: false, reasons: ['hours'] });
    expect(paceWhileRunning(content, { ...trainee, signedOff: [] }, '2026-09-28')).toMatchObject({ onPace: false, reasons: ['modules'] });
  });

  it('judges no one before the start, after the end, or with a certificate', () => {
    expect(paceWhileRunning(content, { ...trainee, approvedHours: 0 }, '2026-08-01')).toBeUndefined();
    expect(paceWhileRunning(content, { ...trainee, approvedHours: 0 }, '2026-12-01')).toBeUndefined();
    expect(paceWhileRunning(content, { ...trainee, approvedHours: 0, certified: true }, '2026-09-28')).toBeUndefined();
  });
});

describe('milestonesDueSoon', () => {
  const milestone = (key: string, dueDate: string, state: MilestoneStatus['state'], overdue = false): MilestoneStatus => ({ key, title: { nb: key }, dueDate, overdue, state, versions: 0 });

  it('lists what the student still has to hand in within 14 days, late ones too, soonest first', () => {
    const due = milestonesDueSoon(
      [
        milestone('final', '2026-12-15', 'not_submitted'),
        milestone('draft', '2026-11-20', 'revision_requested', true),
        milestone('proposal', '2026-12-02', 'submitted'),
        milestone('later', '2026-12-16', 'not_submitted'),
        milestone('done', '2026-12-05', 'approved'),
      ],
      '2026-12-01',
    );
    expect(due.map((m) => m.key)).toEqual(['draft', 'final']);
  });
});
