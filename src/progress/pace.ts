import { addDays, addMonths, daysBetween } from '../common/dates';
import { memoised } from '../common/memo';
import { periodStart, programmeEnd } from '../cohorts/timeline';
import type { CurriculumContent, DurationUnit } from '../curricula/curriculum.types';

/** Below this share of the hours expected by now, a trainee is behind. */
export const HOURS_SHARE = 0.75;
/** How long after its period a module needing sign-off may stay unsigned before the trainee counts as behind. */
export const SIGN_OFF_GRACE = { weeks: { days: 14 }, months: { months: 1 } } as const;

export type PaceReason = 'hours' | 'modules';

export interface PaceInput {
  startDate: string;
  today: string;
  unit: DurationUnit;
  length: number;
  requiredHours: number;
  approvedHours: number;
  /** The modules that need sign-off, each with the last day of its period. */
  modules: { key: string; periodEnd: string }[];
  /** Keys of the modules signed off. */
  signedOff: Iterable<string>;
}

export interface Pace {
  onPace: boolean;
  reasons: PaceReason[];
  /** Hours the programme's pace asks for by today (required × share of the programme elapsed), to one decimal. */
  expectedHours: number;
  /** Modules past their period and grace without sign-off. */
  lateModules: string[];
}

/**
 * On pace unless (a) the approved hours are below 75 % of the hours expected by now, counted from the
 * programme's start in whole days, or (b) a module needing sign-off is not signed off more than two weeks
 * (a month, for programmes counted in months) after its period ended. Before the start nothing is expected.
 */
export function pace(input: PaceInput): Pace {
  const total = programmeDays(`${input.startDate}|${input.unit}|${input.length}`);
  const elapsed = Math.min(total, Math.max(0, daysBetween(input.startDate, input.today)));
  const expected = input.requiredHours * (elapsed / total);
  const signedOff = new Set(input.signedOff);
  const lateModules = input.modules.filter((m) => !signedOff.has(m.key) && input.today > graceEnd(m.periodEnd, input.unit)).map((m) => m.key);
  const reasons: PaceReason[] = [];
  if (input.approvedHours < HOURS_SHARE * expected) reasons.push('hours');
  if (lateModules.length > 0) reasons.push('modules');
  return { onPace: reasons.length === 0, reasons, expectedHours: Math.round(expected * 10) / 10, lateModules };
}

/** The last day a module may wait for sign-off after its period without counting against the pace. */
export function graceEnd(periodEnd: string, unit: DurationUnit): string {
  return graceEnds(`${periodEnd}|${unit}`);
}

// A table of twenty trainees of one cohort asks the same calendar questions twenty times: each answer is worked out once.
const programmeDays = memoised((key: string) => {
  const [startDate, unit, length] = key.split('|');
  return daysBetween(startDate, programmeEnd(startDate, unit as DurationUnit, Number(length))) + 1;
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

/** The pace rule for one enrolment, from its programme, cohort start, approved hours and signed-off modules. */
export function paceFor(content: CurriculumContent, startDate: string, today: string, approvedHours: number, signedOff: Iterable<string>): Pace {
  return pace({
    startDate,
    today,
    unit: content.duration.unit,
    length: content.duration.length,
    requiredHours: content.practice.requiredHours,
    approvedHours,
    modules: modulesNeedingSignOff(content, startDate),
    signedOff,
  });
}
