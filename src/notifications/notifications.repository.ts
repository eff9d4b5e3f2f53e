import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Role } from '../common/roles';
import { isTrue, PreparedSql } from '../database/prepared-sql';
import { Transactions } from '../database/transactions';
import type { Choice, NotificationKind } from './kinds';
import { Delivery, Notification, NotificationDigest, NotificationPreference } from './notification.entity';

/** A person a notification mail goes to, as it is sent: their address and language now. */
export interface Recipient {
  id: number;
  email: string;
  name: string;
  locale: string | null;
  active: boolean;
  roles: Role[];
}

/** A person's pending notifications of one kind, as the sender of batches sees them. */
export interface PendingGroup {
  userId: number;
  kind: NotificationKind;
  firstAt: number;
  lastAt: number;
}

/** The notifications, the choices and the digests sent: every query of the feature. */
@Injectable()
export class NotificationsRepository {
  private readonly pruneNotifications: PreparedSql<{ before: number }>;
  private readonly pruneDigests: PreparedSql<{ beforeDay: string }>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {
    this.pruneNotifications = new PreparedSql(dataSource, 'DELETE FROM notifications WHERE last_event_at < :before');
    this.pruneDigests = new PreparedSql(dataSource, 'DELETE FROM notification_digests WHERE day < :beforeDay');
  }

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ---- choices

  /** Each person's own choices (kinds they never chose are absent: the default holds). */
  async choices(userIds: number[], manager?: EntityManager): Promise<Map<number, Map<string, string>>> {
    const found = new Map<number, Map<string, string>>(userIds.map((id) => [id, new Map()]));
    if (userIds.length === 0) return found;
    const rows = await this.manager(manager).find(NotificationPreference, { where: { userId: In(userIds) } });
    for (const row of rows) found.get(row.userId)?.set(row.kind, row.choice);
    return found;
  }

  async setChoices(manager: EntityManager, userId: number, choices: { kind: NotificationKind; choice: Choice }[], now: number): Promise<void> {
    if (choices.length === 0) return;
    await manager.upsert(
      NotificationPreference,
      choices.map(({ kind, choice }) => ({ userId, kind, choice, updatedAt: now })),
      ['userId', 'kind'],
    );
  }

  // ---- recording

  /** The latest row of this person about this thing, which a new event may join. */
  latestOfGroup(manager: EntityManager, userId: number, kind: NotificationKind, groupKey: string): Promise<Notification | null> {
    return manager.findOne(Notification, { where: { userId, kind, groupKey }, order: { lastEventAt: 'DESC', id: 'DESC' } });
  }

  /** One statement, without reading the row back: recording rides along with every decision on entries. */
  async insert(manager: EntityManager, row: Omit<Notification, 'id' | 'version'>): Promise<void> {
    await manager.createQueryBuilder().insert().into(Notification).values(row as QueryDeepPartialEntity<Notification>).updateEntity(false).execute();
  }

  /** Gathers an event into a row, only if nobody changed the row since it was read; answers whether it did. */
  async gatherIfUnchanged(manager: EntityManager, row: { id: number; version: number }, set: Pick<Notification, 'data' | 'link' | 'lastEventAt'>): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Notification)
      .set({ data: set.data, link: set.link, lastEventAt: set.lastEventAt, version: () => 'version + 1' } as QueryDeepPartialEntity<Notification>)
      .where('id = :id AND version = :version AND read_at IS NULL AND delivery IN (:...open)', { id: row.id, version: row.version, open: ['pending', 'digest', 'none'] })
      .execute();
    return Boolean(result.affected);
  }

  /** Which of these once-only keys have been used already. */
  async usedOnceKeys(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.dataSource.manager.find(Notification, { select: { onceKey: true }, where: { onceKey: In(keys) } });
    return new Set(rows.map((r) => r.onceKey!));
  }

  // ---- the person's list

  count(userId: number, since: number): Promise<number> {
    return this.recent(userId, since).getCount();
  }

  countUnread(userId: number, since: number): Promise<number> {
    return this.recent(userId, since).andWhere('n.readAt IS NULL').getCount();
  }

  page(userId: number, since: number, offset: number, limit: number): Promise<Notification[]> {
    return this.recent(userId, since).orderBy('n.lastEventAt', 'DESC').addOrderBy('n.id', 'DESC').offset(offset).limit(limit).getMany();
  }

  /** One of the person's own notifications; another's is not there for them. */
  findOwn(id: number, userId: number): Promise<Notification | null> {
    return this.dataSource.manager.findOne(Notification, { where: { id, userId } });
  }

  /** Marks one of the person's notifications read, if it is unread; reading it again changes nothing. */
  async markRead(manager: EntityManager, id: number, userId: number, now: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Notification)
      .set({ readAt: now })
      .where('id = :id AND user_id = :userId AND read_at IS NULL', { id, userId })
      .execute();
  }

  /** Marks every unread notification of the person read; answers how many. */
  async markAllRead(manager: EntityManager, userId: number, now: number): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(Notification)
      .set({ readAt: now })
      .where('user_id = :userId AND read_at IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }

  private recent(userId: number, since: number) {
    return this.dataSource.manager.createQueryBuilder(Notification, 'n').where('n.userId = :userId AND n.lastEventAt >= :since', { userId, since });
  }

  // ---- mailing

  /** Every person's pending notifications of each kind, with when the first and the last happened. */
  async pendingGroups(): Promise<PendingGroup[]> {
    const rows: { userId: number; kind: NotificationKind; firstAt: string | number; lastAt: string | number }[] = await this.dataSource.manager
      .createQueryBuilder(Notification, 'n')
      .select('n.userId', 'userId')
      .addSelect('n.kind', 'kind')
      .addSelect('MIN(n.createdAt)', 'firstAt')
      .addSelect('MAX(n.lastEventAt)', 'lastAt')
      .where('n.delivery = :pending', { pending: 'pending' })
      .groupBy('n.userId')
      .addGroupBy('n.kind')
      .getRawMany();
    return rows.map((r) => ({ userId: Number(r.userId), kind: r.kind, firstAt: Number(r.firstAt), lastAt: Number(r.lastAt) }));
  }

  /** A person's notifications waiting in one state (of one kind, or all), oldest first. */
  waiting(userId: number, delivery: 'pending' | 'digest', kind?: NotificationKind, manager?: EntityManager): Promise<Notification[]> {
    return this.manager(manager).find(Notification, { where: { userId, delivery, ...(kind ? { kind } : {}) }, order: { lastEventAt: 'ASC', id: 'ASC' } });
  }

  /** Everyone with notifications waiting for the digest. */
  async withDigestRows(): Promise<number[]> {
    const rows: { userId: number }[] = await this.dataSource.manager
      .createQueryBuilder(Notification, 'n')
      .select('DISTINCT n.userId', 'userId')
      .where('n.delivery = :digest', { digest: 'digest' })
      .getRawMany();
    return rows.map((r) => Number(r.userId));
  }

  /**
   * Moves a row on from the state it was read in, in the caller's transaction, only if nothing changed it
   * since (another run mailing it, a new event gathered into it); answers whether it did.
   */
  async settleIfUnchanged(manager: EntityManager, row: Pick<Notification, 'id' | 'version' | 'delivery'>, to: Delivery, mailedAt: number | null): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Notification)
      .set({ delivery: to, mailedAt, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND delivery = :from', { id: row.id, version: row.version, from: row.delivery })
      .execute();
    return Boolean(result.affected);
  }

  digestSent(userId: number, day: string, manager?: EntityManager): Promise<boolean> {
    return this.manager(manager).exists(NotificationDigest, { where: { userId, day } });
  }

  async recordDigest(manager: EntityManager, userId: number, day: string, now: number): Promise<void> {
    await manager.insert(NotificationDigest, { userId, day, sentAt: now });
  }

  /** The people a mail may go to, with their address and language as they are now. */
  async recipients(userIds: number[]): Promise<Map<number, Recipient>> {
    if (userIds.length === 0) return new Map();
    const rows: { id: number; email: string; name: string; locale: string | null; active: boolean | number; role: Role | null }[] = await this.dataSource.manager
      .createQueryBuilder()
      .select('u.id', 'id')
      .addSelect('u.email', 'email')
      .addSelect('u.name', 'name')
      .addSelect('u.locale', 'locale')
      .addSelect('u.active', 'active')
      .addSelect('r.role', 'role')
      .from('users', 'u')
      .leftJoin('user_roles', 'r', 'r.user_id = u.id')
      .where('u.id IN (:...ids)', { ids: userIds })
      .getRawMany();
    const found = new Map<number, Recipient>();
    for (const row of rows) {
      const id = Number(row.id);
      const person = found.get(id) ?? { id, email: row.email, name: row.name, locale: row.locale, active: isTrue(row.active), roles: [] };
      if (row.role) person.roles.push(row.role);
      found.set(id, person);
    }
    return found;
  }

  // ---- keeping

  /**
   * Forgets notifications and records of digests older than these. Each delete is a statement of its own,
   * not a transaction: nothing is lost if one goes without the other, and no lock is held between them.
   */
  async prune(before: number, beforeDay: string): Promise<void> {
    await this.transactions.statement(this.pruneNotifications, { before });
    await this.transactions.statement(this.pruneDigests, { beforeDay });
  }
}
