import type { CurriculumContent } from '../curricula/curriculum.types';
import { graceEnd, modulesNeedingSignOff, pace, PaceInput, paceFor } from './pace';

describe('pace: hours', () => {
  // 15 weeks from Monday 17 August 2026: 105 days, last day 29 November.
  const base: PaceInput = { startDate: '2026-08-17', today: '2026-09-28', unit: 'weeks', length: 15, requiredHours: 90, approvedHours: 0, modules: [], signedOff: [] };

  it('expects the required hours in proportion to the days elapsed since the start', () => {
    // 42 of 105 days: 36 hours expected, 75 % of that is 27.
    expect(pace({ ...base, approvedHours: 27 })).toEqual({ onPace: true, reasons: [], expectedHours: 36, lateModules: [] });
    expect(pace({ ...base, approvedHours: 26.75 })).toEqual({ onPace: false, reasons: ['hours'], expectedHours: 36, lateModules: [] });
  });

  it('expects nothing before or on the first day', () => {
    expect(pace({ ...base, today: '2026-08-01' })).toMatchObject({ onPace: true, expectedHours: 0 });
    expect(pace({ ...base, today: '2026-08-17' })).toMatchObject({ onPace: true, expectedHours: 0 });
  });

  it('expects every required hour once the programme is over, and no more', () => {
    expect(pace({ ...base, today: '2026-11-30', approvedHours: 67.5 }).onPace).toBe(true);
    expect(pace({ ...base, today: '2027-06-01', approvedHours: 67 })).toMatchObject({ onPace: false, reasons: ['hours'], expectedHours: 90 });
  });

  it('counts months programmes by days too', () => {
    // 12 months from 15 January 2026: 365 days; on 15 July 181 days have passed.
    const months: PaceInput = { ...base, startDate: '2026-01-15', today: '2026-07-15', unit: 'months', length: 12, requiredHours: 365 };
    expect(pace({ ...months, approvedHours: 135.75 })).toMatchObject({ onPace: true, expectedHours: 181 });
    expect(pace({ ...months, approvedHours: 135.5 })).toMatchObject({ onPace: false, reasons: ['hours'] });
  });
});

describe('pace: modules', () => {
  const modules = [
    { key: 'recovery', periodEnd: '2026-08-30' },
    { key: 'ethics', periodEnd: '2026-10-25' },
  ];
  const base: PaceInput = { startDate: '2026-08-17', today: '2026-09-13', unit: 'weeks', length: 15, requiredHours: 0, approvedHours: 0, modules, signedOff: [] };

  it('allows two weeks after the period for the sign-off, then counts the module as late', () => {
    expect(pace(base)).toMatchObject({ onPace: true, reasons: [] });
    expect(pace({ ...base, today: '2026-09-14' })).toMatchObject({ onPace: false, reasons: ['modules'], lateModules: ['recovery'] });
  });

  it('is on pace again once the module is signed off', () => {
    expect(pace({ ...base, today: '2026-09-14', signedOff: ['recovery'] })).toMatchObject({ onPace: true, lateModules: [] });
  });

  it('allows a month for programmes counted in months', () => {
    expect(graceEnd('2026-02-14', 'months')).toBe('2026-03-14');
    const months: PaceInput = { ...base, startDate: '2026-01-15', unit: 'months', length: 12, modules: [{ key: 'first', periodEnd: '2026-02-14' }] };
    expect(pace({ ...months, today: '2026-03-14' }).onPace).toBe(true);
    expect(pace({ ...months, today: '2026-03-15' })).toMatchObject({ onPace: false, reasons: ['modules'] });
  });

  it('gives both reasons when both hold, hours first', () => {
    expect(pace({ ...base, today: '2026-09-14', requiredHours: 90 }).reasons).toEqual(['hours', 'modules']);
  });
});

describe('paceFor', () => {
  const content = {
    duration: { unit: 'weeks', length: 15 },
    practice: { requiredHours: 90, categories: [] },
    modules: [
      { key: 'a', period: { from: 1, to: 2 }, signOff: true },
      { key: 'b', period: { from: 3, to: 4 }, signOff: false },
      { key: 'c', period: { from: 5, to: 5 }, signOff: true },
    ],
  } as unknown as CurriculumContent;

  it('takes the modules needing sign-off with the last day of their period', () => {
    expect(modulesNeedingSignOff(content, '2026-08-17')).toEqual([
      { key: 'a', periodEnd: '2026-08-30' },
      { key: 'c', periodEnd: '2026-09-20' },
    ]);
  });

  it('applies the rule with the programme’s figures', () => {
    expect(paceFor(content, '2026-08-17', '2026-09-28', 40, ['a'])).toEqual({ onPace: true, reasons: [], expectedHours: 36, lateModules: [] });
    expect(paceFor(content, '2026-08-17', '2026-10-05', 40, ['a'])).toMatchObject({ onPace: false, reasons: ['modules'], lateModules: ['c'] });
  });
});

describe('modulesNeedingSignOff, asked again', () => {
  it('gives the same periods for the same start and its own for another start', () => {
    const content = {
      duration: { unit: 'weeks', length: 15 },
      modules: [
        { key: 'a', signOff: true, period: { from: 1, to: 3 } },
        { key: 'b', signOff: false, period: { from: 4, to: 6 } },
      ],
    } as unknown as Parameters<typeof modulesNeedingSignOff>[0];
    const first = modulesNeedingSignOff(content, '2026-08-17');
    expect(modulesNeedingSignOff(content, '2026-08-17')).toEqual(first);
    expect(first).toEqual([{ key: 'a', periodEnd: '2026-09-06' }]);
    expect(modulesNeedingSignOff(content, '2026-08-24')).toEqual([{ key: 'a', periodEnd: '2026-09-13' }]);
  });
});
