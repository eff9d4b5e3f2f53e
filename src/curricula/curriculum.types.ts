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

/** A curriculum as stored in a version: the validated file, with every lesson's text. */
export interface CurriculumContent {
  slug: string;
  title: LocalisedText;
  summary: LocalisedText;
  duration: { unit: DurationUnit; length: number };
  workload: { daysPerWeek?: number; percentOfFullTime?: number };
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
