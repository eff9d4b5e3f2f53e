import { positionOn, programmeEnd } from './timeline';

describe('positionOn (weeks)', () => {
  const start = '2026-08-17'; // a Monday

  it('is week 1 on the first day and on the seventh', () => {
    expect(positionOn(start, '2026-08-17', 'weeks', 15)).toMatchObject({ state: 'running', current: 1 });
    expect(positionOn(start, '2026-08-23', 'weeks', 15)).toMatchObject({ state: 'running', current: 1 });
  });

  it('turns to week 2 on the eighth day', () => {
    expect(positionOn(start, '2026-08-24', 'weeks', 15).current).toBe(2);
  });

  it('is week 15 on the last day and ended the day after', () => {
    expect(programmeEnd(start, 'weeks', 15)).toBe('2026-11-29');
    expect(positionOn(start, '2026-11-29', 'weeks', 15)).toMatchObject({ state: 'running', current: 15 });
    expect(positionOn(start, '2026-11-30', 'weeks', 15)).toMatchObject({ state: 'ended', current: 15 });
  });

  it('counts the days to a cohort that has not started', () => {
    expect(positionOn(start, '2026-08-10', 'weeks', 15)).toMatchObject({ state: 'upcoming', current: 1, daysToStart: 7 });
  });
});

describe('positionOn (months)', () => {
  it('turns the month on the same day of the next month', () => {
    expect(positionOn('2026-01-15', '2026-02-14', 'months', 12).current).toBe(1);
    expect(positionOn('2026-01-15', '2026-02-15', 'months', 12).current).toBe(2);
  });

  it('handles a start at the end of a long month', () => {
    expect(positionOn('2026-01-31', '2026-02-27', 'months', 12).current).toBe(1);
    expect(positionOn('2026-01-31', '2026-02-28', 'months', 12).current).toBe(2);
    expect(positionOn('2026-01-31', '2026-03-30', 'months', 12).current).toBe(2);
    expect(positionOn('2026-01-31', '2026-03-31', 'months', 12).current).toBe(3);
  });

  it('ends after twelve months and crosses the new year', () => {
    expect(programmeEnd('2026-08-01', 'months', 12)).toBe('2027-07-31');
    expect(positionOn('2026-08-01', '2027-01-01', 'months', 12).current).toBe(6);
    expect(positionOn('2026-08-01', '2027-07-31', 'months', 12)).toMatchObject({ state: 'running', current: 12 });
    expect(positionOn('2026-08-01', '2027-08-01', 'months', 12).state).toBe('ended');
  });
});
