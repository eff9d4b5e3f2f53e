import { addDays, addMonths, daysBetween } from '../common/dates';
import { memoised } from '../common/memo';
import { periodStart, programmeEnd } from '../cohorts/timeline';
import { practicePeriods, type CurriculumContent, type DurationUnit } from '../curricula/curriculum.types';

/** Below this share of the hours expected by now, a trainee is behind. */
export const HOURS_SHARE = 0.75;
/** How long after its period a module needing sign-off may stay unsigned before the trainee counts as behind. */
export const SIGN_OFF_GRACE = { weeks: { days: 14 }, months: { months: 1 } } as const;

export type PaceReason = 'hours' | 'categories' | 'modules';

export interface PaceInput {
  startDate: string;
  today: string;
  unit: DurationUnit;
  length: number;
  /** The weeks or months in which practice hours are expected (the practice phases); all of them when not given. */
  practicePeriods?: number[];
  requiredHours: number;
  approvedHours: number;
  /** The practice categories with a minimum, each with the hours approved in it. */
  categories?: { key: string; minimum: number; approved: number }[];
  /** The modules that need sign-off, each with the last day of its period. */
  modules: { key: string; periodEnd: string }[];
  /** Keys of the modules signed off. */
  signedOff: Iterable<string>;
}

export interface Pace {
  onPace: boolean;
  reasons: PaceReason[];
  /** Hours the programme's pace asks for by today (required × share of the practice phases elapsed), to one decimal. */
  expectedHours: number;
  /** Categories whose approved hours are below 75 % of their minimum's share by now. */
  lateCategories: string[];
  /** Modules past their period and grace without sign-off. */
  lateModules: string[];
}

/**
 * On pace unless (a) the approved hours are below 75 % of the hours expected by now, (b) in a category with a
 * minimum, the approved hours are below 75 % of that minimum's share by now, or (c) a module needing sign-off is
 * not signed off more than two weeks (a month, for programmes counted in months) after its period ended. Hours
 * are expected only in the practice phases, in proportion to their days elapsed: nothing in the theory months
 * before practice starts, and nothing more once practice is over.
 */
export function pace(input: PaceInput): Pace {
  const periods = input.practicePeriods ?? Array.from({ length: input.length }, (_, i) => i + 1);
  const share = practiceShare(input.startDate, input.unit, periods, input.today);
  const expected = input.requiredHours * share;
  const signedOff = new Set(input.signedOff);
  const lateModules = input.modules.filter((m) => !signedOff.has(m.key) && input.today > graceEnd(m.periodEnd, input.unit)).map((m) => m.key);
  const lateCategories = (input.categories ?? []).filter((c) => c.approved < HOURS_SHARE * c.minimum * share).map((c) => c.key);
  const reasons: PaceReason[] = [];
  if (input.approvedHours < HOURS_SHARE * expected) reasons.push('hours');
  if (lateCategories.length > 0) reasons.push('categories');
  if (lateModules.length > 0) reasons.push('modules');
  return { onPace: reasons.length === 0, reasons, expectedHours: Math.round(expected * 10) / 10, lateCategories, lateModules };
}

/** The share (0–1) of the practice phases' days that has passed by `today`, counted in whole days from their start. */
export function practiceShare(startDate: string, unit: DurationUnit, periods: number[], today: string): number {
  const spans = practiceSpans(`${startDate}|${unit}|${periods.join(',')}`);
  const total = spans.reduce((sum, span) => sum + span.days, 0);
  if (total === 0) return 0;
  const elapsed = spans.reduce((sum, span) => sum + Math.min(span.days, Math.max(0, daysBetween(span.from, today))), 0);
  return elapsed / total;
}

/** The last day a module may wait for sign-off after its period without counting against the pace. */
export function graceEnd(periodEnd: string, unit: DurationUnit): string {
  return graceEnds(`${periodEnd}|${unit}`);
}

// A table of twenty trainees of one cohort asks the same calendar questions twenty times: each answer is worked out once.
// The practice periods as runs of consecutive periods, each from its first day, with its length in days.
const practiceSpans = memoised((key: string) => {
  const [startDate, unit, list] = key.split('|');
  const periods = list ? list.split(',').map(Number) : [];
  const spans: { from: string; days: number }[] = [];
  for (let i = 0; i < periods.length; ) {
    let j = i;
    while (j + 1 < periods.length && periods[j + 1] === periods[j] + 1) j++;
    const from = periodStart(startDate, unit as DurationUnit, periods[i]);
    const end = programmeEnd(startDate, unit as DurationUnit, periods[j]);
    spans.push({ from, days: daysBetween(from, end) + 1 });
    i = j + 1;
  }
  return spans;
});
const graceEnds = memoised((key: string) => {
  const [periodEnd, unit] = key.split('|');
  return unit === 'weeks' ? addDays(periodEnd, SIGN_OFF_GRACE.weeks.days) : addMonths(periodEnd, SIGN_OFF_GRACE.months.months);
});

// Per programme version and cohort start: a table of twenty trainees of one cohort asks twenty times.
const signOffPeriods = new WeakMap<CurriculumContent, Map<string, { key: string; periodEnd: string }[]>>();

/** The programme's modules that need sign-off, with the last day of each one's period for a cohort starting on `startDate`. */
export function modulesNeedingSignOff(content: CurriculumContent, startDate: string): { key: string; periodEnd: string }[] {
  let byStart = signOffPeriods.get(content);
  if (!byStart) signOffPeriods.set(content, (byStart = new Map()));
  let modules = byStart.get(startDate);
  if (!modules) {
    const { unit } = content.duration;
    modules = content.modules.filter((m) => m.signOff).map((m) => ({ key: m.key, periodEnd: addDays(periodStart(startDate, unit, m.period.to + 1), -1) }));
    byStart.set(startDate, modules);
  }
  return modules;
}

/**
 * The pace rule for one enrolment, from its programme (its phases and category minimums), cohort start, approved
 * hours in all and per category, and signed-off modules.
 */
export function paceFor(
  content: CurriculumContent,
  startDate: string,
  today: string,
  approvedHours: number,
  signedOff: Iterable<string>,
  approvedByCategory: ReadonlyMap<string, number>,
): Pace {
  return pace({
    startDate,
    today,
    unit: content.duration.unit,
    length: content.duration.length,
    practicePeriods: practicePeriods(content),
    requiredHours: content.practice.requiredHours,
    approvedHours,
    categories: content.practice.categories
      .filter((c) => c.minimumHours)
      .map((c) => ({ key: c.key, minimum: c.minimumHours!, approved: approvedByCategory.get(c.key) ?? 0 })),
    modules: modulesNeedingSignOff(content, startDate),
    signedOff,
  });
}
