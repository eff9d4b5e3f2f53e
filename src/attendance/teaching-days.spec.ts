import { weekdayIndex } from '../common/dates';
import type { Weekday } from '../curricula/curriculum.types';
import { generateTeachingDays, periodOf, teachingDateProblem } from './teaching-days';

const weeks = (from: number, to: number, daysPerWeek = 3) => ({
  duration: { unit: 'weeks' as const, length: 15 },
  schedule: { daysPerWeek, weekdays: ['monday', 'tuesday', 'thursday'] as Weekday[], from, to, hoursPerDay: 6 },
});

describe('generateTeachingDays', () => {
  it('gives three days a week for fifteen weeks on the chosen weekdays', () => {
    const days = generateTeachingDays('2026-08-17', weeks(1, 15), ['monday', 'wednesday', 'friday']);
    expect(days).toHaveLength(45);
    expect(days[0]).toBe('2026-08-17');
    expect(days[1]).toBe('2026-08-19');
    expect(days[44]).toBe('2026-11-27');
    expect(new Set(days.map(weekdayIndex))).toEqual(new Set([0, 2, 4]));
  });

  it('counts weeks from the start date even when the cohort starts mid-week', () => {
    // Starts on a Wednesday: week 1 runs Wednesday to Tuesday.
    const days = generateTeachingDays('2026-08-19', weeks(1, 1), ['monday', 'wednesday']);
    expect(days).toEqual(['2026-08-19', '2026-08-24']);
  });

  it('covers only the scheduled weeks', () => {
    const days = generateTeachingDays('2026-08-17', weeks(3, 4), ['tuesday']);
    expect(days).toEqual(['2026-09-01', '2026-09-08']);
  });

  it('covers calendar months for a programme counted in months', () => {
    const days = generateTeachingDays(
      '2026-08-01',
      { duration: { unit: 'months', length: 12 }, schedule: { daysPerWeek: 2, weekdays: ['tuesday', 'thursday'], from: 1, to: 2, hoursPerDay: 4 } },
      ['tuesday', 'thursday'],
    );
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
