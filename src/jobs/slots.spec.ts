import { dailyAt, everyMinutes, osloHour } from './slots';

describe('job slots', () => {
  it('reads the hour in Norway, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(osloHour(new Date('2026-12-03T06:30:00Z'))).toBe(7);
    expect(osloHour(new Date('2026-06-03T06:30:00Z'))).toBe(8);
    expect(osloHour(new Date('2026-12-03T23:30:00Z'))).toBe(0);
  });

  it('makes a daily slot due from the hour on, named by the Norwegian date', () => {
    expect(dailyAt(7, new Date('2026-12-03T05:59:00Z'))).toBeNull();
    expect(dailyAt(7, new Date('2026-12-03T06:00:00Z'))).toBe('2026-12-03');
    expect(dailyAt(7, new Date('2026-12-03T22:59:00Z'))).toBe('2026-12-03');
    // Past midnight in Oslo it is the next day, and not yet its hour.
    expect(dailyAt(7, new Date('2026-12-03T23:30:00Z'))).toBeNull();
    expect(dailyAt(0, new Date('2026-12-03T23:30:00Z'))).toBe('2026-12-04');
  });

  it('gives one slot per window, the same for every moment inside it', () => {
    expect(everyMinutes(5, new Date('2026-12-03T14:35:00Z'))).toBe('2026-12-03T14:35Z/5');
    expect(everyMinutes(5, new Date('2026-12-03T14:39:59Z'))).toBe('2026-12-03T14:35Z/5');
    expect(everyMinutes(5, new Date('2026-12-03T14:40:00Z'))).toBe('2026-12-03T14:40Z/5');
    expect(everyMinutes(60, new Date('2026-12-03T14:59:00Z'))).toBe('2026-12-03T14:00Z/60');
  });
});
