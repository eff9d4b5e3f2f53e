import { osloStartOfDay } from './oslo-day';

describe('osloStartOfDay', () => {
  it('is 23:00 UTC the day before in winter and 22:00 UTC in summer', () => {
    expect(new Date(osloStartOfDay('2026-12-03')).toISOString()).toBe('2026-12-02T23:00:00.000Z');
    expect(new Date(osloStartOfDay('2026-07-01')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });
});
