import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { addDays, today } from '../common/dates';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { MailService } from '../mail/mail.service';
import { batchDue } from './batching';
import { countOf, ReminderData } from './content';
import { planDigest } from './digest';
import { choiceFor, KINDS, NotificationKind, templateOf } from './kinds';
import type { Notification } from './notification.entity';
import { NotificationsRepository, Recipient } from './notifications.repository';
import { KEEP_DAYS, NotificationsService } from './notifications.service';
import { REMINDER_DAYS, reminderDue } from './reminders';
import { NotificationSources } from './sources';
import { unsubscribeToken } from './unsubscribe-token';

const DAY_MS = 86_400_000;

/** A notification changed while its mail was being written (another run mailed it, an event joined it): undone, and tried again on the next run. */
class AlreadySettled extends Error {}

/**
 * The scheduled work of notifications, each a method taking the time it runs for, so that it can be run
 * (and tested) for any moment, and each safe to run twice for the same moment: mails notifications chosen
 * "at once" after a quiet while, sends the daily digest, reminds students of milestones, and forgets what
 * is older than 60 days. A notification is marked mailed in the transaction that writes its mail to the
 * outbox, so it is mailed exactly once.
 */
@Injectable()
export class NotificationMailService {
  private readonly logger = new Logger('Notifications');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: NotificationsRepository,
    private readonly notifications: NotificationsService,
    private readonly sources: NotificationSources,
    private readonly mail: MailService,
    private readonly transactions: Transactions,
  ) {}

  // ---- at once

  /** Mails each person's pending notifications of a kind, together, once nothing new has come for a quiet while. Answers how many mails. */
  async sendPending(now: Date): Promise<number> {
    let sent = 0;
    for (const group of await this.repository.pendingGroups()) {
      if (!batchDue(group, now.getTime())) continue;
      if (await this.sendBatch(group.userId, group.kind, now)) sent++;
    }
    return sent;
  }

  private async sendBatch(userId: number, kind: NotificationKind, now: Date): Promise<boolean> {
    const person = (await this.repository.recipients([userId])).get(userId);
    const choice = choiceFor(kind, (await this.repository.choices([userId])).get(userId)!);
    return this.settling(async (manager) => {
      const rows = await this.repository.waiting(userId, 'pending', kind, manager);
      if (rows.length === 0) return false;
      // The choice may have changed since they were recorded: what is now off is never mailed, what is now for the digest waits for it.
      if (!person?.active || choice === 'off') return this.settle(manager, rows, 'none', null, false);
      if (choice === 'digest') return this.settle(manager, rows, 'digest', null, false);
      await this.settle(manager, rows, 'sent', now.getTime(), true);
      await this.mail.enqueue(
        {
          to: person.email,
          template: templateOf(kind),
          locale: person.locale,
          data: { name: person.name, ...told(rows), action: actionOf(kind, rows), notice: this.notice(userId, [kind]) },
          headers: this.unsubscribeHeaders(userId, [kind]),
        },
        manager,
      );
      return true;
    });
  }

  // ---- the daily digest

  /**
   * Sends each person their digest for the Norwegian date of `now`: what waits for a supervisor, counted
   * now from the queue, and the notifications their choices route to the digest; only when there is
   * something to tell, and at most once a day. Answers how many digests went.
   */
  async sendDigests(now: Date): Promise<number> {
    const day = today(now);
    const waiting = await this.sources.waiting();
    const people = new Set([...(await this.repository.withDigestRows()), ...[...waiting].filter(([, w]) => w.entries > 0 || w.modules > 0).map(([id]) => id)]);
    let sent = 0;
    for (const userId of people) {
      if (await this.repository.digestSent(userId, day)) continue;
      const person = (await this.repository.recipients([userId])).get(userId);
      if (!person) continue;
      if (await this.sendDigest(person, day, waiting, now)) sent++;
    }
    return sent;
  }

  private async sendDigest(person: Recipient, day: string, waiting: Awaited<ReturnType<NotificationSources['waiting']>>, now: Date): Promise<boolean> {
    const chosen = (await this.repository.choices([person.id])).get(person.id)!;
    return this.settling(async (manager) => {
      if (await this.repository.digestSent(person.id, day, manager)) return false;
      const rows = await this.repository.waiting(person.id, 'digest', undefined, manager);
      const plan = planDigest({
        rows: rows.map((row) => ({ id: row.id, kind: row.kind, data: row.data, link: row.link, lastEventAt: row.lastEventAt })),
        choices: (kind) => choiceFor(kind, chosen),
        // What waits is counted for supervisors only: someone no longer one gets no queue in their digest.
        waiting: person.roles.includes('supervisor') ? waiting.get(person.id) : undefined,
        now: now.getTime(),
      });
      const byId = new Map(rows.map((row) => [row.id, row]));
      if (!person.active || !plan.digest) {
        await this.settle(manager, rows, 'none', null, false);
        return false;
      }
      await this.settle(manager, plan.dropped.map((id) => byId.get(id)!), 'none', null, false);
      await this.settle(manager, plan.told.map((id) => byId.get(id)!), 'sent', now.getTime(), true);
      await this.repository.recordDigest(manager, person.id, day, now.getTime());
      const { digest } = plan;
      await this.mail.enqueue(
        {
          to: person.email,
          template: 'digest',
          locale: person.locale,
          data: {
            name: person.name,
            day,
            waiting: digest.waiting,
            sections: digest.sections.map((section) => ({
              kind: section.kind,
              ...told(section.items),
              action: actionOf(section.kind, section.items),
            })),
            notice: this.notice(person.id, digest.kinds),
          },
          headers: this.unsubscribeHeaders(person.id, digest.kinds),
        },
        manager,
      );
      return true;
    });
  }

  // ---- milestone reminders

  /**
   * Reminds students of milestones due in a week and tomorrow that they still have to hand in, each
   * reminder once per enrolment and milestone. The reminder is a notification like any other: mailed at
   * once, in the digest or not at all, as the student chose. Answers how many reminders were recorded.
   */
  async remindMilestones(now: Date): Promise<number> {
    const day = today(now);
    const due = await this.sources.dueMilestones(addDays(day, 1), addDays(day, Math.max(...REMINDER_DAYS)));
    const keyOf = (m: { enrolmentId: number; milestoneKey: string }, days: number) => `milestone:${m.enrolmentId}:${m.milestoneKey}:${days}`;
    const used = await this.repository.usedOnceKeys(due.flatMap((m) => REMINDER_DAYS.map((days) => keyOf(m, days))));
    let recorded = 0;
    for (const milestone of due) {
      const days = reminderDue(milestone.dueDate, day, new Set(REMINDER_DAYS.filter((d) => used.has(keyOf(milestone, d)))));
      if (days === null) continue;
      const data: ReminderData = { enrolmentId: milestone.enrolmentId, milestoneKey: milestone.milestoneKey, milestone: milestone.milestone, dueDate: milestone.dueDate, days };
      await this.transactions.run((manager) => this.notifications.record(manager, [milestone.studentId], 'milestone_reminder', data, now.getTime()));
      recorded++;
    }
    return recorded;
  }

  // ---- keeping

  /** Forgets notifications (and records of digests sent) older than 60 days. */
  prune(now: Date): Promise<void> {
    return this.repository.prune(now.getTime() - KEEP_DAYS * DAY_MS, addDays(today(now), -KEEP_DAYS));
  }

  // ---- the pieces

  /** Runs the work in a transaction; when a notification changed meanwhile, undoes it and answers false. */
  private async settling(work: (manager: EntityManager) => Promise<boolean>): Promise<boolean> {
    try {
      return await this.transactions.run(work);
    } catch (error) {
      if (!(error instanceof AlreadySettled)) throw error;
      this.logger.log('A notification changed while its mail was written; it is mailed on the next run instead');
      return false;
    }
  }

  /** Moves rows on from where they were read; each must still be as read (a new event gathered in since must be told too). */
  private async settle(manager: EntityManager, rows: Notification[], to: Notification['delivery'], mailedAt: number | null, strict: boolean): Promise<boolean> {
    for (const row of rows) {
      if (!(await this.repository.settleIfUnchanged(manager, row, to, mailedAt)) && strict) throw new AlreadySettled();
    }
    return false;
  }

  /** The footer's links: the settings page, and the page that turns these kinds off. */
  private notice(userId: number, kinds: NotificationKind[]) {
    return { settingsPath: '/notifications/settings', unsubscribePath: `/unsubscribe/${unsubscribeToken(this.config.sessionSecret, userId, kinds)}` };
  }

  /** RFC 8058: one HTTPS address to POST to, and the field saying that one click is enough. */
  private unsubscribeHeaders(userId: number, kinds: NotificationKind[]): Record<string, string> {
    return {
      'List-Unsubscribe': `<${this.config.publicUrl}${this.notice(userId, kinds).unsubscribePath}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }
}

/** Notifications as a mail's template tells them: each with its link and count, and how many things in all. */
function told(rows: { link: string; data: Record<string, unknown> }[]) {
  const count = rows.reduce((n, row) => n + countOf(row.data), 0);
  return { rows: rows.map((row) => ({ ...row.data, link: row.link, count: countOf(row.data), many: countOf(row.data) > 1 })), count, many: count > 1 };
}

/**
 * Where a mail's button leads: the one page all its notifications lead to, the enrolment's page when they
 * are about one enrolment, or the kind's own overview.
 */
export function actionOf(kind: NotificationKind, rows: { link: string; data: Record<string, unknown> }[]): string {
  const links = new Set(rows.map((row) => row.link));
  if (links.size === 1) return [...links][0];
  const enrolments = new Set(rows.map((row) => row.data.enrolmentId));
  if (enrolments.size === 1 && (kind === 'entries_returned' || kind === 'entries_approved')) return `/enrolments/${[...enrolments][0]}/practice`;
  if (enrolments.size === 1 && kind !== 'waiting_entries') return `/enrolments/${[...enrolments][0]}/assignment`;
  return KINDS[kind].overview;
}
