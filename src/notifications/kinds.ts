import type { Role } from '../common/roles';

/**
 * What a person can be told about. Each kind is one setting: sent at once, gathered into the daily digest,
 * or not mailed at all. Account mail (invitations, passwords) is not a notification and always comes.
 */
export const NOTIFICATION_KINDS = ['entries_returned', 'entries_approved', 'waiting_entries', 'milestone_reminder', 'assessor_feedback', 'new_hand_in'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const CHOICES = ['immediate', 'digest', 'off'] as const;
export type Choice = (typeof CHOICES)[number];

interface KindRules {
  /** Chosen for a person who has not chosen. */
  default: Choice;
  /** The roles for which the kind is offered on the settings page. */
  roles: Role[];
  /** The page a mail of this kind leads to when it gathers several notifications. */
  overview: string;
}

export const KINDS: Record<NotificationKind, KindRules> = {
  // A returned entry waits for the student to fix it: worth telling at once.
  entries_returned: { default: 'immediate', roles: ['student'], overview: '/enrolments' },
  // An approval needs nothing from the student: once a day is enough.
  entries_approved: { default: 'digest', roles: ['student'], overview: '/enrolments' },
  waiting_entries: { default: 'digest', roles: ['supervisor'], overview: '/supervision/queue' },
  milestone_reminder: { default: 'immediate', roles: ['student'], overview: '/enrolments' },
  assessor_feedback: { default: 'immediate', roles: ['student'], overview: '/enrolments' },
  // Coordinators assess, and so does a supervisor a coordinator names as assessor.
  new_hand_in: { default: 'immediate', roles: ['coordinator', 'supervisor'], overview: '/notifications' },
};

export function isKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export function isChoice(value: unknown): value is Choice {
  return typeof value === 'string' && (CHOICES as readonly string[]).includes(value);
}

/** The kinds a person with these roles can receive, in the order the settings page shows them. */
export function kindsFor(roles: readonly Role[]): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((kind) => KINDS[kind].roles.some((role) => roles.includes(role)));
}

/** A person's choice for a kind: what they chose, or the kind's default. */
export function choiceFor(kind: NotificationKind, chosen: ReadonlyMap<string, string>): Choice {
  const choice = chosen.get(kind);
  return isChoice(choice) ? choice : KINDS[kind].default;
}

/** The template under views/mail/ of a kind's own message ("entries-returned"). */
export function templateOf(kind: NotificationKind): string {
  return kind.replace(/_/g, '-');
}
