import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { canonicalJson } from './ledger-hash';

/**
 * The payload column holds canonical JSON, or null once erased. A row edited by hand into something that is
 * not JSON still loads (verify reports it), so a history page does not fail on it.
 */
const payloadJson = {
  to: (value: Record<string, unknown> | null) => (value === null || value === undefined ? null : canonicalJson(value)),
  from: (text: string | null): Record<string, unknown> | null => {
    if (text === null) return null;
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { unreadable: text };
    }
  },
};

/** One entry in the tamper-evident ledger; its hash covers the previous record's hash. */
@Entity('ledger_records')
export class LedgerRecord {
  @PrimaryGeneratedColumn()
  id: number;

  /** 1, 2, 3… with no gaps. */
  @Column({ type: 'integer', unique: true })
  sequence: number;

  @Column({ name: 'previous_hash', type: 'varchar', length: 64 })
  previousHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  /** e.g. submit, approve, return, revoke, module_signoff. */
  @Column({ type: 'varchar', length: 40 })
  action: string;

  /** Null when the system acted. */
  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'actor_id' })
  actor?: User | null;

  @Column({ name: 'subject_type', type: 'varchar', length: 40 })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'integer' })
  subjectId: number;

  @Column({ name: 'enrolment_id', type: 'integer', nullable: true })
  enrolmentId: number | null;

  /** The entry's content at the moment of the action; null once the person it is about was erased. */
  @Column({ type: 'text', nullable: true, transformer: payloadJson })
  payload: Record<string, unknown> | null;

  /** Random per record, mixed into the payload's digest; dropped with the payload at erasure. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  salt: string | null;

  /** SHA-256 of salt and payload: what the hash covers in place of the payload, so it outlives an erasure. */
  @Column({ name: 'payload_digest', type: 'varchar', length: 64 })
  payloadDigest: string;

  /** ISO-8601 text, so the hashed value reads back identically on SQLite and PostgreSQL. */
  @Column({ name: 'recorded_at', type: 'varchar', length: 30 })
  recordedAt: string;
}

/** The one row (id 1) that says where the chain ends; appends lock it so the chain cannot fork. */
@Entity('ledger_head')
export class LedgerHead {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  sequence: number;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
