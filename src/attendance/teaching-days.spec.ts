import { weekdayIndex } from '../common/dates';
import type { Weekday } from '../curricula/curriculum.types';
import { generateTeachingDays } from './teaching-days';

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
