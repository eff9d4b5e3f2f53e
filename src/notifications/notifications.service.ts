import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { paging } from '../common/paging';
import { safeNext } from '../common/safe-next';
import type { SessionUser } from '../common/session-user';
import { Transactions } from '../database/transactions';
import { gathered, groupKeyOf, linkOf, NotificationData, onceKeyOf } from './content';
import { joins } from './batching';
import { Choice, choiceFor, NotificationKind } from './kinds';
import type { Delivery, Notification } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

/** How long a person's notifications are listed (and kept). */
export const KEEP_DAYS = 60;
const DAY_MS = 86_400_000;

/** Rows on one page of the list. */
const LIST_PAGE = 25;

const DELIVERY: Record<Choice, Delivery> = { immediate: 'pending', digest: 'digest', off: 'none' };

/**
 * Notifications as the features that cause them record them, and each person's list of their own. A
 * notification is recorded in the transaction of the act it tells of, so it exists exactly when the act
 * does; its mail goes later (see NotificationMailService), at once or in the digest, as the person chose.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Tells these people of an event, in the caller's transaction. An event about the same thing as a row the
   * person has not yet read or been mailed, minutes after it, joins that row: a supervisor returning a
   * student's entries one after another makes one notification, and one mail.
   */
  async record<K extends NotificationKind>(manager: EntityManager, recipients: number[], kind: K, data: NotificationData[K], now = Date.now()): Promise<void> {
    const people = [...new Set(recipients)];
    if (people.length === 0) return;
    const choices = await this.repository.choices(people, manager);
    const groupKey = groupKeyOf(kind, data);
    const onceKey = onceKeyOf(kind, data);
    for (const userId of people) {
      if (groupKey) {
        const latest = await this.repository.latestOfGroup(manager, userId, kind, groupKey);
        if (latest && joins({ lastEventAt: latest.lastEventAt, readAt: latest.readAt, mailed: latest.delivery === 'sent' }, now)) {
          const merged = gathered(kind, latest.data as unknown as NotificationData[K], data);
          const changes = { data: merged as unknown as Record<string, unknown>, link: linkOf(kind, merged), lastEventAt: now };
          if (await this.repository.gatherIfUnchanged(manager, latest, changes)) continue;
        }
      }
      await this.repository.insert(manager, {
        userId,
        kind,
        groupKey,
        onceKey,
        data: data as unknown as Record<string, unknown>,
        link: linkOf(kind, data),
        createdAt: now,
        lastEventAt: now,
        readAt: null,
        delivery: DELIVERY[choiceFor(kind, choices.get(userId)!)],
        mailedAt: null,
      });
    }
  }

  // ---- the person's list

  /** The person's notifications of the last 60 days, newest first, a page at a time. */
  async list(user: SessionUser, query: { page?: unknown } = {}, now = Date.now()) {
    const since = now - KEEP_DAYS * DAY_MS;
    const [total, unread] = await Promise.all([this.repository.count(user.id, since), this.repository.countUnread(user.id, since)]);
    const pages = paging(query.page, total, LIST_PAGE);
    const rows = total === 0 ? [] : await this.repository.page(user.id, since, pages.offset, pages.limit);
    return { title: 'notifications.title', keepDays: KEEP_DAYS, pages, unread, items: rows.map((row) => this.item(row)) };
  }

  /** Follows a notification's link: marks it read and answers where it leads. Another person's is not found. */
  async open(user: SessionUser, id: number, now = Date.now()): Promise<string> {
    const own = await this.repository.findOwn(id, user.id);
    if (!own) throw new NotFoundException();
    await this.transactions.run((manager) => this.repository.markRead(manager, id, user.id, now));
    // Links are written by our own code, but a path is checked as one before a redirect all the same.
    return safeNext(own.link, '/notifications');
  }

  async markRead(user: SessionUser, id: number, now = Date.now()): Promise<void> {
    if (!(await this.repository.findOwn(id, user.id))) throw new NotFoundException();
    await this.transactions.run((manager) => this.repository.markRead(manager, id, user.id, now));
  }

  async markAllRead(user: SessionUser, now = Date.now()): Promise<number> {
    return this.transactions.run((manager) => this.repository.markAllRead(manager, user.id, now));
  }

  private item(row: Notification) {
    const data = row.data;
    const entries = Array.isArray(data.entries) ? (data.entries as unknown[]) : undefined;
    return {
      id: row.id,
      kind: row.kind,
      unread: row.readAt === null,
      at: new Date(row.lastEventAt),
      data,
      count: entries?.length ?? 1,
      many: (entries?.length ?? 1) > 1,
    };
  }
}
