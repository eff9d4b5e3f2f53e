import { addDays, daysBetween } from '../common/dates';
import { periodStart, positionOn } from '../cohorts/timeline';
import type { CurriculumContent, CurriculumModule } from '../curricula/curriculum.types';

export type ModuleState = 'not_started' | 'in_progress' | 'complete' | 'awaiting_signoff' | 'signed_off' | 'returned';

export interface SignoffDecisionView {
  decision: 'signed_off' | 'returned';
  comment: string | null;
  deciderName?: string;
  decidedAt: Date;
}

export interface ModuleProgress {
  key: string;
  module: CurriculumModule;
  lessonsDone: number;
  lessonsTotal: number;
  percent: number;
  state: ModuleState;
  /** The latest sign-off decision, if any. */
  decision?: SignoffDecisionView;
  /** The module's lessons are done, it needs sign-off and has none yet (or was sent back): a supervisor may act. */
  canBeSignedOff: boolean;
  /** The module counts as finished: signed off, or (without sign-off) every lesson done. */
  finished: boolean;
}

/** Key of a done lesson: "<module>/<lesson>". */
export const lessonId = (moduleKey: string, lessonKey: string) => `${moduleKey}/${lessonKey}`;

/** Where each module stands, from the lessons done and the latest sign-off decision per module. */
export function moduleProgress(content: CurriculumContent, done: Set<string>, decisions: Map<string, SignoffDecisionView>): ModuleProgress[] {
  return content.modules.map((module) => {
    const lessonsTotal = module.lessons.length;
    const lessonsDone = module.lessons.filter((l) => done.has(lessonId(module.key, l.key))).length;
    const allDone = lessonsDone === lessonsTotal;
    const decision = module.signOff ? decisions.get(module.key) : undefined;
    let state: ModuleState;
    if (decision?.decision === 'signed_off') state = 'signed_off';
    else if (decision?.decision === 'returned') state = 'returned';
    else if (allDone) state = module.signOff ? 'awaiting_signoff' : 'complete';
    else state = lessonsDone > 0 ? 'in_progress' : 'not_started';
    return {
      key: module.key,
      module,
      lessonsDone,
      lessonsTotal,
      percent: Math.floor((lessonsDone / lessonsTotal) * 100),
      state,
      decision,
      canBeSignedOff: module.signOff && allDone && state !== 'signed_off',
      finished: state === 'signed_off' || state === 'complete',
    };
  });
}

export interface TimelinePeriod {
  n: number;
  from: string;
  to: string;
  isPast: boolean;
  isCurrent: boolean;
  /** Modules whose period covers this one; `starts` when it begins here. */
  modules: { key: string; module: CurriculumModule; starts: boolean }[];
  teachingDays: string[];
}

/** The programme week by week (or month by month) from the cohort start, with modules and teaching days placed on it. */
export function buildTimeline(startDate: string, content: CurriculumContent, today: string, teachingDays: string[]): TimelinePeriod[] {
  const { unit, length } = content.duration;
  const position = positionOn(startDate, today, unit, length);
  const periods: TimelinePeriod[] = [];
  for (let n = 1; n <= length; n++) {
    const from = periodStart(startDate, unit, n);
    const to = addDays(periodStart(startDate, unit, n + 1), -1);
    periods.push({
      n,
      from,
      to,
      isPast: daysBetween(to, today) > 0,
      isCurrent: position.state === 'running' && position.current === n,
      modules: content.modules
        .filter((m) => m.period.from <= n && n <= m.period.to)
        .map((m) => ({ key: m.key, module: m, starts: m.period.from === n })),
      teachingDays: teachingDays.filter((d) => d >= from && d <= to),
    });
  }
  return periods;
}
