import type { LocalisedText } from '../i18n/i18n';

export const THEMES = [
  'chime.connectedness',
  'chime.hope',
  'chime.identity',
  'chime.meaning',
  'chime.empowerment',
  'spice.social',
  'spice.prosperity',
  'spice.individual',
  'spice.clinical',
] as const;
export type Theme = (typeof THEMES)[number];

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type DurationUnit = 'weeks' | 'months';

export const PHASE_KINDS = ['theory', 'practice', 'assignment'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

/** A stretch of the programme given to theory, practice or the assignment; practice hours are expected only in practice phases. */
export interface Phase {
  kind: PhaseKind;
  from: number;
  to: number;
}

/** A curriculum as stored in a version: the validated file, with every lesson's text. */
export interface CurriculumContent {
  slug: string;
  title: LocalisedText;
  summary: LocalisedText;
  duration: { unit: DurationUnit; length: number };
  workload: { daysPerWeek?: number; percentOfFullTime?: number };
  /** Absent in files written before phases existed: then practice runs through the whole programme (see phasesOf). */
  phases?: Phase[];
  schedule: { daysPerWeek: number; weekdays: Weekday[]; from: number; to: number; hoursPerDay: number; theoryHours?: number };
  attendance: { threshold: number };
  practice: { requiredHours: number; categories: PracticeCategory[] };
  modules: CurriculumModule[];
  assignment?: { title: LocalisedText; description?: LocalisedText; milestones: Milestone[] };
  completion: { modulesSignedOff: boolean; practiceHours: boolean; attendance: boolean; assignment: boolean };
  assumptions: { field: string; note: LocalisedText }[];
}

export interface PracticeCategory {
  key: string;
  title: LocalisedText;
  description?: LocalisedText;
  minimumHours?: number;
}

export interface CurriculumModule {
  key: string;
  title: LocalisedText;
  summary: LocalisedText;
  period: { from: number; to: number };
  signOff: boolean;
  lessons: Lesson[];
  reflections: ReflectionPrompt[];
}

export interface Lesson {
  key: string;
  title: LocalisedText;
  file: string;
  minutes: number;
  /** The Markdown text, bokmål and (when written) English. */
  body: LocalisedText;
}

export interface ReflectionPrompt {
  key: string;
  prompt: LocalisedText;
  themes: Theme[];
}

export interface Milestone {
  key: string;
  title: LocalisedText;
  description?: LocalisedText;
  dueAfter: number;
}

/** The programme's phases; a curriculum that declares none has practice over its whole duration, as before phases existed. */
export function phasesOf(content: Pick<CurriculumContent, 'phases' | 'duration'>): Phase[] {
  return content.phases?.length ? content.phases : [{ kind: 'practice', from: 1, to: content.duration.length }];
}

/** The weeks or months (1-based, ascending) in which practice hours are expected. */
export function practicePeriods(content: Pick<CurriculumContent, 'phases' | 'duration'>): number[] {
  const periods = new Set<number>();
  for (const phase of phasesOf(content)) if (phase.kind === 'practice') for (let n = phase.from; n <= phase.to; n++) periods.add(n);
  return [...periods].sort((a, b) => a - b);
}
