import type { CurriculumContent } from '../curricula/curriculum.types';
import * as path from 'path';
import { loadCurricula } from '../curricula/curriculum-loader';
import { graceEnd, modulesNeedingSignOff, pace, PaceInput, paceFor } from './pace';

describe('pace: hours', () => {
  // 15 weeks from Monday 17 August 2026: 105 days, last day 29 November.
  const base: PaceInput = { startDate: '2026-08-17', today: '2026-09-28', unit: 'weeks', length: 15, requiredHours: 90, approvedHours: 0, modules: [], signedOff: [] };

  it('expects the required hours in proportion to the days elapsed since the start', () => {
    // 42 of 105 days: 36 hours expected, 75 % of that is 27.
    expect(pace({ ...base, approvedHours: 27 })).toEqual({ onPace: true, reasons: [], expectedHours: 36, lateCategories: [], lateModules: [] });
    expect(pace({ ...base, approvedHours: 26.75 })).toEqual({ onPace: false, reasons: ['hours'], expectedHours: 36, lateCategories: [], lateModules: [] });
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
    expect(paceFor(content, '2026-08-17', '2026-09-28', 40, ['a'], new Map())).toEqual({ onPace: true, reasons: [], expectedHours: 36, lateCategories: [], lateModules: [] });
    expect(paceFor(content, '2026-08-17', '2026-10-05', 40, ['a'], new Map())).toMatchObject({ onPace: false, reasons: ['modules'], lateModules: ['c'] });
  });
});

describe('pace: phases', () => {
  // MB Bergen as shipped: theory in months 1–5, practice in months 6–10, the assignment in months 11–12.
  const mbBergen = loadCurricula(path.resolve(__dirname, '..', '..', 'curricula')).curricula.find((c) => c.slug === 'mb-bergen')!.content;
  const start = '2026-08-01';

  it('expects no practice hours of an MB Bergen student in month 4, still in the theory months', () => {
    const inMonth4 = paceFor(mbBergen, start, '2026-11-20', 0, mbBergen.modules.map((m) => m.key), new Map());
    expect(inMonth4).toMatchObject({ onPace: true, reasons: [], expectedHours: 0 });
  });

  it('expects the hours through the practice months only, all of them when practice is over', () => {
    const signed = mbBergen.modules.map((m) => m.key);
    // Practice runs 1 January to 31 May 2027: 151 days; on 1 March 59 have passed.
    expect(paceFor(mbBergen, start, '2027-03-01', 0, signed, new Map()).expectedHours).toBe(Math.round(((360 * 59) / 151) * 10) / 10);
    expect(paceFor(mbBergen, start, '2027-06-15', 0, signed, new Map()).expectedHours).toBe(360);
  });

  it('spreads the hours over the whole programme when the curriculum declares no phases, as before', () => {
    const content = { ...mbBergen, phases: undefined };
    // 1 August 2026 to 31 July 2027: 365 days; on 1 October 61 have passed.
    expect(paceFor(content, start, '2026-10-01', 0, [], new Map()).expectedHours).toBe(Math.round(((360 * 61) / 365) * 10) / 10);
  });

  it('counts theory and practice side by side when the phases overlap', () => {
    expect(pace({ startDate: '2026-08-17', today: '2026-09-28', unit: 'weeks', length: 15, practicePeriods: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], requiredHours: 90, approvedHours: 0, modules: [], signedOff: [] }).expectedHours).toBe(36);
  });
});

describe('pace: category minimums', () => {
  const base: PaceInput = { startDate: '2026-08-17', today: '2026-09-28', unit: 'weeks', length: 15, requiredHours: 90, approvedHours: 40, modules: [], signedOff: [] };

  it('counts a student behind whose hours in a category lag its minimum, though the hours in all are on pace', () => {
    // 42 of 105 days: a 30-hour minimum asks for 12 by now, 75 % of that is 9.
    const categories = [
      { key: 'individual', minimum: 30, approved: 8.75 },
      { key: 'group', minimum: 15, approved: 31.25 },
    ];
    expect(pace({ ...base, categories })).toEqual({ onPace: false, reasons: ['categories'], expectedHours: 36, lateCategories: ['individual'], lateModules: [] });
    expect(pace({ ...base, categories: [{ ...categories[0], approved: 9 }, categories[1]] }).onPace).toBe(true);
  });

  it('takes the minimums and the approved hours per category from the programme', () => {
    const content = {
      duration: { unit: 'weeks', length: 15 },
      practice: { requiredHours: 90, categories: [{ key: 'individual', minimumHours: 30 }, { key: 'networks' }] },
      modules: [],
    } as unknown as CurriculumContent;
    expect(paceFor(content, '2026-08-17', '2026-09-28', 40, [], new Map([['networks', 40]]))).toMatchObject({ onPace: false, lateCategories: ['individual'] });
    expect(paceFor(content, '2026-08-17', '2026-09-28', 40, [], new Map([['individual', 10], ['networks', 30]]))).toMatchObject({ onPace: true });
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
