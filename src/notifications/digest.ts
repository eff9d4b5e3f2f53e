import { daysBetween, today } from '../common/dates';
import { Choice, NOTIFICATION_KINDS, NotificationKind } from './kinds';

/** What waits for a supervisor now: submitted entries (and since when the oldest waits) and modules to sign off. */
export interface SupervisorWaiting {
  entries: number;
  /** When the oldest waiting entry was submitted (epoch ms); null when none waits. */
  oldestSubmittedAt: number | null;
  modules: number;
}

/** A notification waiting for a person's digest. */
export interface DigestRow {
  id: number;
  kind: NotificationKind;
  data: Record<string, unknown>;
  link: string;
  lastEventAt: number;
}

export interface Digest {
  /** What waits for the supervisor, computed at digest time; absent when nothing waits or they chose otherwise. */
  waiting?: { entries: number; oldestDays: number; modules: number };
  /** The notifications gathered since the last digest, by kind in the order of the settings page. */
  sections: { kind: NotificationKind; items: DigestRow[] }[];
  /** Every kind the digest tells of: what its one-click unsubscribe turns off. */
  kinds: NotificationKind[];
}

export interface DigestPlan {
  /** The mail to send, or null: a digest goes only when something is in it. */
  digest: Digest | null;
  /** Rows told by this digest (or superseded by its fresh count of what waits): marked sent with it. */
  told: number[];
  /** Rows that will never be mailed: their kind is off now, or what they told of no longer waits. */
  dropped: number[];
}

/**
 * A person's digest. Notifications go in while their kind is not turned off (one chosen "at once" after it
 * was recorded still goes now rather than never). For a supervisor who wants what waits in the digest, the
 * queue is counted afresh, and the notifications of entries sent in since the last digest are not listed
 * one by one: what was approved meanwhile no longer waits.
 */
export function planDigest(input: { rows: DigestRow[]; choices: (kind: NotificationKind) => Choice; waiting?: SupervisorWaiting; now: number }): DigestPlan {
  const { rows, choices, waiting, now } = input;
  const told: number[] = [];
  const dropped: number[] = [];
  const byKind = new Map<NotificationKind, DigestRow[]>();
  const wantsWaiting = choices('waiting_entries') === 'digest';
  const somethingWaits = Boolean(waiting && (waiting.entries > 0 || waiting.modules > 0));
  for (const row of rows) {
    if (row.kind === 'waiting_entries') (wantsWaiting && somethingWaits ? told : dropped).push(row.id);
    else if (choices(row.kind) === 'off') dropped.push(row.id);
    else {
      told.push(row.id);
      byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), row]);
    }
  }
  const sections = NOTIFICATION_KINDS.filter((kind) => byKind.has(kind)).map((kind) => ({
    kind,
    items: byKind.get(kind)!.sort((a, b) => a.lastEventAt - b.lastEventAt || a.id - b.id),
  }));
  const waitingPart =
    wantsWaiting && somethingWaits && waiting
      ? {
          entries: waiting.entries,
          oldestDays: waiting.oldestSubmittedAt === null ? 0 : Math.max(0, daysBetween(today(new Date(waiting.oldestSubmittedAt)), today(new Date(now)))),
          modules: waiting.modules,
        }
      : undefined;
  if (!waitingPart && sections.length === 0) return { digest: null, told: [], dropped: [...dropped, ...told] };
  const kinds = [...(waitingPart ? (['waiting_entries'] as NotificationKind[]) : []), ...sections.map((s) => s.kind)];
  return { digest: { waiting: waitingPart, sections, kinds }, told, dropped };
}
