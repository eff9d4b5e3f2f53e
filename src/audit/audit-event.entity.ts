import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../database/epoch-millis';
import type { AuditKind } from './audit-kinds';

/** Facts about an act that are not a person's own words: ids, role names, counts. */
export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

const detailJson = {
  to: (value: AuditDetail | null | undefined) => (value ? JSON.stringify(value) : null),
  from: (text: string | null): AuditDetail | null => {
    if (!text) return null;
    try {
      return JSON.parse(text) as AuditDetail;
    } catch {
      return { unreadable: text };
    }
  },
};

/**
 * One act in the append-only audit log. The database refuses updates to these rows (see the AuditLog
 * migration); old rows leave only by the retention job's delete. People are kept as ids, so an erased person's
 * acts stay in the log without their name or address.
 */
@Entity('audit_events')
@Index('IDX_audit_events_at', ['at'])
@Index('IDX_audit_events_subject', ['subjectId', 'at'])
@Index('IDX_audit_events_actor', ['actorId', 'at'])
@Index('IDX_audit_events_kind', ['kind', 'at'])
export class AuditEvent {
  @PrimaryGeneratedColumn()
  id: number;

  /** Milliseconds since the epoch. */
  @Column({ type: 'bigint', transformer: epochMillis })
  at: number;

  @Column({ type: 'varchar', length: 40 })
  kind: AuditKind;

  /** Who acted; null for the system or someone not signed in. */
  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  /** The person the act concerned: whose account, whose data, whose consent. */
  @Column({ name: 'subject_id', type: 'integer', nullable: true })
  subjectId: number | null;

  /** What else the act touched, as a type and an id (cohort 4, enrolment 17). */
  @Column({ name: 'object_type', type: 'varchar', length: 40, nullable: true })
  objectType: string | null;

  @Column({ name: 'object_id', type: 'varchar', length: 40, nullable: true })
  objectId: string | null;

  /** The client's address as the server saw it (behind a proxy, as `trust proxy` lets Express read it). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  address: string | null;

  @Column({ type: 'text', nullable: true, transformer: detailJson })
  detail: AuditDetail | null;
}
