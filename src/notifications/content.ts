import type { LocalisedText } from '../i18n/i18n';
import type { NotificationKind } from './kinds';

/**
 * What each kind of notification holds, as the features that cause them give it. Only what the texts say:
 * dates, hours, categories, titles and names of the people involved in the programme, and a supervisor's
 * return comment, which the student needs; never an entry's description or reflection, which may tell of
 * the people the student met.
 */

/** One practice entry as a notification names it. */
export interface EntryItem {
  entryId: number;
  /** YYYY-MM-DD. */
  date: string;
  hours: number;
  category: LocalisedText;
  /** Why it was returned (or its approval undone), for the student to act on. */
  comment?: string;
}

export interface EntriesData {
  enrolmentId: number;
  entries: EntryItem[];
}

export interface WaitingData extends EntriesData {
  student: string;
}

export interface ReminderData {
  enrolmentId: number;
  milestoneKey: string;
  milestone: LocalisedText;
  /** YYYY-MM-DD. */
  dueDate: string;
  days: number;
}

export interface FeedbackData {
  enrolmentId: number;
  submissionId: number;
  milestone: LocalisedText;
  number: number;
  decision: 'approved' | 'revision_requested';
}

export interface HandInData {
  enrolmentId: number;
  submissionId: number;
  student: string;
  cohort: string;
  milestone: LocalisedText;
  number: number;
}

export interface NotificationData {
  entries_returned: EntriesData;
  entries_approved: EntriesData;
  waiting_entries: WaitingData;
  milestone_reminder: ReminderData;
  assessor_feedback: FeedbackData;
  new_hand_in: HandInData;
}

/** The most entries one row keeps, the latest; a row is about one student's entries over a few minutes, so rarely more. */
export const MAX_ITEMS = 100;

const ENTRY_KINDS: readonly NotificationKind[] = ['entries_returned', 'entries_approved', 'waiting_entries'];

/** Whether events of this kind about the same enrolment are gathered into one row. */
export function gathers(kind: NotificationKind): boolean {
  return ENTRY_KINDS.includes(kind);
}

/** What events of this kind are gathered by; null for kinds told one by one. */
export function groupKeyOf<K extends NotificationKind>(kind: K, data: NotificationData[K]): string | null {
  return gathers(kind) ? `enrolment:${data.enrolmentId}` : null;
}

/** For what must happen only once: a milestone's reminder, once for each number of days ahead. */
export function onceKeyOf<K extends NotificationKind>(kind: K, data: NotificationData[K]): string | null {
  if (kind !== 'milestone_reminder') return null;
  const reminder = data as ReminderData;
  return `milestone:${reminder.enrolmentId}:${reminder.milestoneKey}:${reminder.days}`;
}

/** The page a notification leads to: the entry or the log for the student, the queue for a supervisor, the assignment. */
export function linkOf<K extends NotificationKind>(kind: K, data: NotificationData[K]): string {
  switch (kind) {
    case 'entries_returned':
    case 'entries_approved': {
      const { enrolmentId, entries } = data as EntriesData;
      return entries.length === 1 ? `/practice/${entries[0].entryId}` : `/enrolments/${enrolmentId}/practice`;
    }
    case 'waiting_entries':
      return '/supervision/queue';
    case 'milestone_reminder': {
      const { enrolmentId, milestoneKey } = data as ReminderData;
      return `/enrolments/${enrolmentId}/assignment#milestone-${milestoneKey}`;
    }
    default: {
      const { enrolmentId, submissionId } = data as FeedbackData | HandInData;
      return `/enrolments/${enrolmentId}/assignment#version-${submissionId}`;
    }
  }
}

/**
 * A row's data with a new event about the same thing gathered in. An entry told again (returned, sent in
 * again and returned once more) is told once, as it stands now; the newest come last.
 */
export function gathered<K extends NotificationKind>(kind: K, before: NotificationData[K], event: NotificationData[K]): NotificationData[K] {
  if (!gathers(kind)) return event;
  const earlier = (before as EntriesData).entries ?? [];
  const added = (event as EntriesData).entries;
  const addedIds = new Set(added.map((e) => e.entryId));
  const entries = [...earlier.filter((e) => !addedIds.has(e.entryId)), ...added];
  return { ...before, ...event, entries: entries.slice(-MAX_ITEMS) } as NotificationData[K];
}

/** How many entries (or things) a row tells of, for its text. */
export function countOf(data: Record<string, unknown>): number {
  return Array.isArray(data.entries) ? data.entries.length : 1;
}
