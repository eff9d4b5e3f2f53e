import { addDays, addMonths, daysBetween, isIsoDate, monthsBetween, today } from './dates';

describe('today', () => {
  it('is the date in Norway, not on the server', () => {
    // 23:30 UTC on 31 December is already New Year's Day in Oslo (UTC+1 in winter).
    expect(today(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(today(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
    // Summer time: UTC+2.
    expect(today(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });

  it('turns to the next day at midnight, also when asked again within the same minute', () => {
    const beforeMidnight = new Date('2026-11-22T22:59:59.900Z');
    const atMidnight = new Date('2026-11-22T23:00:00.000Z');
    expect(today(beforeMidnight)).toBe('2026-11-22');
    expect(today(new Date('2026-11-22T22:59:00.000Z'))).toBe('2026-11-22');
    expect(today(atMidnight)).toBe('2026-11-23');
    expect(today(new Date('2026-11-22T23:00:59.999Z'))).toBe('2026-11-23');
    // Going back in time (a test clock, say) gives the earlier day again.
    expect(today(beforeMidnight)).toBe('2026-11-22');
  });

  it('keeps each time zone apart', () => {
    const moment = new Date('2026-11-22T23:30:00Z');
    expect(today(moment, 'Europe/Oslo')).toBe('2026-11-23');
    expect(today(moment, 'America/New_York')).toBe('2026-11-22');
    expect(today(moment, 'Europe/Oslo')).toBe('2026-11-23');
  });
});

describe('calendar arithmetic', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
  });

  it('adds months, keeping the day where the month has it', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-15', 12)).toBe('2027-08-15');
    expect(monthsBetween('2026-01-31', '2026-02-28')).toBe(1);
    expect(monthsBetween('2026-01-15', '2026-02-14')).toBe(0);
  });

  it('knows a real date from a look-alike', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('26-2-3')).toBe(false);
  });
});
