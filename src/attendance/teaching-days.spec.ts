import { weekdayIndex } from '../common/dates';
import type { Weekday } from '../curricula/curriculum.types';
import { generateTeachingDays, periodOf, teachingDateProblem } from './teaching-days';

const weeks = (from: number, to: number, daysPerWeek = 3) => ({
  duration: { unit: 'weeks' as const, length: 15 },
  schedule: { daysPerWeek, weekdays: ['monday', 'tuesday', 'thursday'] as Weekday[], from, to, hoursPerDay: 6 },
});

describe('generateTeachingDays', () => {
  it('skips Norwegian public holidays and Christmas and New Year\'s Eve, naming each one', () => {
    // Monday to Friday in the weeks from Monday 21 December 2026 to Sunday 3 January 2027.
    const everyDay = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as Weekday[];
    const plan = generateTeachingDays('2026-12-21', weeks(1, 2), everyDay);
    expect(plan.days).toEqual(['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-28', '2026-12-29', '2026-12-30']);
    expect(plan.skipped).toEqual([
      { date: '2026-12-24', holiday: { nb: 'Julaften', en: 'Christmas Eve' } },
      { date: '2026-12-25', holiday: { nb: 'Første juledag', en: 'Christmas Day' } },
      { date: '2026-12-31', holiday: { nb: 'Nyttårsaften', en: "New Year's Eve" } },
      { date: '2027-01-01', holiday: { nb: 'Første nyttårsdag', en: "New Year's Day" } },
    ]);
  });

  it('follows the moving holidays of each year, and leaves days that are only observed alone', () => {
    // Easter 2027: Maundy Thursday 25 March, Good Friday 26 March, Easter Monday 29 March; 1 May; Ascension Day 6 May; 8 May is Liberation Day, a working day.
    const plan = generateTeachingDays('2027-03-22', weeks(1, 8), ['monday', 'thursday', 'friday', 'saturday']);
    expect(plan.skipped.map((s) => s.date)).toEqual(['2027-03-25', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06']);
    expect(plan.days).toContain('2027-05-08');
  });

  it('gives three days a week for fifteen weeks on the chosen weekdays', () => {
    const days = generateTeachingDays('2026-08-17', weeks(1, 15), ['monday', 'wednesday', 'friday']).days;
    expect(days).toHaveLength(45);
    expect(days[0]).toBe('2026-08-17');
    expect(days[1]).toBe('2026-08-19');
    expect(days[44]).toBe('2026-11-27');
    expect(new Set(days.map(weekdayIndex))).toEqual(new Set([0, 2, 4]));
  });

  it('counts weeks from the start date even when the cohort starts mid-week', () => {
    // Starts on a Wednesday: week 1 runs Wednesday to Tuesday.
    const days = generateTeachingDays('2026-08-19', weeks(1, 1), ['monday', 'wednesday']).days;
    expect(days).toEqual(['2026-08-19', '2026-08-24']);
  });

  it('covers only the scheduled weeks', () => {
    const days = generateTeachingDays('2026-08-17', weeks(3, 4), ['tuesday']).days;
    expect(days).toEqual(['2026-09-01', '2026-09-08']);
  });

  it('covers calendar months for a programme counted in months', () => {
    const days = generateTeachingDays(
      '2026-08-01',
      { duration: { unit: 'months', length: 12 }, schedule: { daysPerWeek: 2, weekdays: ['tuesday', 'thursday'], from: 1, to: 2, hoursPerDay: 4 } },
      ['tuesday', 'thursday'],
    ).days;
    expect(days[0]).toBe('2026-08-04');
    expect(days[days.length - 1]).toBe('2026-09-29');
    expect(days).toHaveLength(17);
  });
});

describe('periodOf', () => {
  it('counts weeks from the start date', () => {
    expect(periodOf('2026-08-19', '2026-08-19', 'weeks')).toBe(1);
    expect(periodOf('2026-08-19', '2026-08-25', 'weeks')).toBe(1);
    expect(periodOf('2026-08-19', '2026-08-26', 'weeks')).toBe(2);
  });

  it('counts calendar months from the start date', () => {
    expect(periodOf('2026-01-31', '2026-02-27', 'months')).toBe(1);
    expect(periodOf('2026-01-31', '2026-02-28', 'months')).toBe(2);
  });
});

describe('teachingDateProblem', () => {
  const period = { from: '2026-08-17', to: '2026-11-29' };

  it('accepts a real date inside the programme, first and last day included', () => {
    expect(teachingDateProblem('2026-08-17', period)).toBeNull();
    expect(teachingDateProblem(' 2026-11-29 ', period)).toBeNull();
  });

  it('names what is wrong', () => {
    expect(teachingDateProblem('', period)).toBe('attendance.days.error.required');
    expect(teachingDateProblem(undefined, period)).toBe('attendance.days.error.required');
    expect(teachingDateProblem('2026-09-31', period)).toBe('attendance.days.error.notADate');
    expect(teachingDateProblem('17.08.2026', period)).toBe('attendance.days.error.notADate');
    expect(teachingDateProblem('2026-08-16', period)).toBe('attendance.days.error.outside');
    expect(teachingDateProblem('2026-11-30', period)).toBe('attendance.days.error.outside');
  });
});
