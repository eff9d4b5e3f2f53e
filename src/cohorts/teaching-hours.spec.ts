import { clockTime, describeHours, effectiveHours, hoursProblems } from './teaching-hours';

describe('teaching hours', () => {
  it('reads a time of day as people write it, and stores it as HH:MM', () => {
    expect(clockTime('09:00')).toBe('09:00');
    expect(clockTime('9:00')).toBe('09:00');
    expect(clockTime(' 09.30 ')).toBe('09:30');
    expect(clockTime('23:59')).toBe('23:59');
    for (const value of ['', '24:00', '9', '0900', '09:60', '09:0', 'ni', '09:00:00', undefined, null]) expect(clockTime(value)).toBeNull();
  });

  it('asks for a time in each field, and an end after the start', () => {
    expect(hoursProblems('09:00', '15:00')).toEqual({});
    expect(hoursProblems(null, '15:00')).toEqual({ start: 'calendar.hours.error.time' });
    expect(hoursProblems(null, null)).toEqual({ start: 'calendar.hours.error.time', end: 'calendar.hours.error.time' });
    expect(hoursProblems('15:00', '09:00')).toEqual({ end: 'calendar.hours.error.endBeforeStart' });
    expect(hoursProblems('09:00', '09:00')).toEqual({ end: 'calendar.hours.error.endBeforeStart' });
  });

  it("takes a day's own time and place where it has them, the cohort's otherwise", () => {
    const cohort = { startTime: '09:00', endTime: '15:00', place: 'Kronstad, rom 2.14' };
    expect(effectiveHours(cohort, { startTime: null, endTime: null, place: null })).toEqual(cohort);
    expect(effectiveHours(cohort, { startTime: '10:00', endTime: null, place: 'Aula' })).toEqual({ startTime: '10:00', endTime: '15:00', place: 'Aula' });
    expect(describeHours(cohort)).toBe('09:00–15:00, Kronstad, rom 2.14');
    expect(describeHours({ ...cohort, place: '' })).toBe('09:00–15:00');
  });
});
