import { periodStart } from '../cohorts/timeline';
import { today } from '../common/dates';
import type { CurriculumContent, DurationUnit } from '../curricula/curriculum.types';
import type { LocalisedText } from '../i18n/i18n';

export const SUBMISSION_STATES = ['submitted', 'approved', 'revision_requested'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];
export type MilestoneState = 'not_submitted' | SubmissionState;

export const DECISIONS = ['approved', 'revision_requested'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface MilestoneStatus {
  key: string;
  title: LocalisedText;
  /** YYYY-MM-DD; see dueDate(). */
  dueDate: string;
  /** Past the due date while it is the student's turn: nothing handed in yet, or a revision asked for. */
  overdue: boolean;
  /** The state of the latest version, or not_submitted. */
  state: MilestoneState;
  /** How many versions the student has handed in. */
  versions: number;
}

export interface AssignmentStatus {
  /** The programme's completion rule needs the assignment approved. */
  required: boolean;
  /** Every milestone's latest version is approved (false when there are no milestones). */
  approved: boolean;
  milestones: MilestoneStatus[];
}

/**
 * A milestone is due `dueAfter` whole weeks or months after the cohort start, on the first day of
 * the following period: start 2026-08-01 and 5 months gives 2027-01-01. Handing in on that day is
 * on time; from the next day the milestone is overdue.
 */
export function dueDate(startDate: string, unit: DurationUnit, dueAfter: number): string {
  return periodStart(startDate, unit, dueAfter + 1);
}

/** Overdue means the student is late: a version waiting for the assessor, or an approved one, is never overdue. */
export function isOverdue(state: MilestoneState, due: string, on: string): boolean {
  return on > due && (state === 'not_submitted' || state === 'revision_requested');
}

/** The student may hand in a version when there is none yet, or the latest one came back for revision. */
export function canSubmit(state: MilestoneState): boolean {
  return state === 'not_submitted' || state === 'revision_requested';
}

/**
 * Where each milestone stands, from the submissions of one enrolment (any order; the highest
 * number per milestone is the latest). Rows for milestones the programme does not have are ignored.
 */
export function assignmentStatus(
  content: CurriculumContent,
  startDate: string,
  rows: { milestoneKey: string; number: number; state: SubmissionState }[],
  on: string = today(),
): AssignmentStatus {
  const latest = new Map<string, { number: number; state: SubmissionState }>();
  for (const row of rows) {
    const seen = latest.get(row.milestoneKey);
    if (!seen || row.number > seen.number) latest.set(row.milestoneKey, { number: Number(row.number), state: row.state });
  }
  const milestones = (content.assignment?.milestones ?? []).map((milestone): MilestoneStatus => {
    const last = latest.get(milestone.key);
    const state: MilestoneState = last?.state ?? 'not_submitted';
    const due = dueDate(startDate, content.duration.unit, milestone.dueAfter);
    return { key: milestone.key, title: milestone.title, dueDate: due, overdue: isOverdue(state, due, on), state, versions: last?.number ?? 0 };
  });
  return {
    required: Boolean(content.assignment && content.completion.assignment),
    approved: milestones.length > 0 && milestones.every((m) => m.state === 'approved'),
    milestones,
  };
}
