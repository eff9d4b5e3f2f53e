import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../database/epoch-millis';
import type { Choice, NotificationKind } from './kinds';

/**
 * Where a notification's mail stands: `pending` waits for a quiet moment to go out at once, `digest` for the
 * next daily digest; `sent` went out (alone or in a digest); `none` is not mailed (the person chose so).
 */
export type Delivery = 'pending' | 'digest' | 'sent' | 'none';

/**
 * Something a person is told, shown in their list for 60 days and mailed as they chose. Events about the
 * same thing close together (entries of one student returned one after another) are gathered into one row.
 * The data holds what the texts say (dates, hours, categories, titles), never what a student wrote about
 * the people they met.
 */
@Entity('notifications')
@Index('IDX_notifications_user_recent', ['userId', 'lastEventAt'])
@Index('IDX_notifications_delivery', ['delivery', 'lastEventAt'])
export class Notification {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 30 })
  kind: NotificationKind;

  /** Events with the same key (an enrolment's entries) may be gathered into this row. */
  @Column({ name: 'group_key', type: 'varchar', length: 100, nullable: true })
  groupKey: string | null;

  /** For what happens at most once (a milestone's reminder a week ahead): unique where set. */
  @Column({ name: 'once_key', type: 'varchar', length: 150, nullable: true })
  onceKey: string | null;

  @Column({ type: 'simple-json' })
  data: Record<string, unknown>;

  /** The page it leads to, a path on this installation. */
  @Column({ type: 'varchar', length: 300 })
  link: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;

  /** The latest event gathered into it; the list is ordered by it. */
  @Column({ name: 'last_event_at', type: 'bigint', transformer: epochMillis })
  lastEventAt: number;

  @Column({ name: 'read_at', type: 'bigint', nullable: true, transformer: epochMillis })
  readAt: number | null;

  @Column({ type: 'varchar', length: 10 })
  delivery: Delivery;

  @Column({ name: 'mailed_at', type: 'bigint', nullable: true, transformer: epochMillis })
  mailedAt: number | null;

  /** Moved on by every change, so that two events gathered at once never overwrite each other. */
  @Column({ type: 'integer', default: 1 })
  version: number;
}

/** A person's choice for one kind; no row means the kind's default. */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @PrimaryColumn({ type: 'varchar', length: 30 })
  kind: NotificationKind;

  @Column({ type: 'varchar', length: 10 })
  choice: Choice;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: number;
}

/** A daily digest that went to a person: at most one a day, however often the job runs. */
@Entity('notification_digests')
export class NotificationDigest {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  /** The Norwegian date, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day: string;

  @Column({ name: 'sent_at', type: 'bigint', transformer: epochMillis })
  sentAt: number;
}
