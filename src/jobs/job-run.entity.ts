import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../database/epoch-millis';

export type JobRunState = 'pending' | 'running' | 'ran' | 'failed';

/**
 * One slot of one scheduled job (the digest of 2026-12-03, say). The row is the claim: the process whose
 * update moves it to `running` runs the slot, and no other process does while the lease holds.
 */
@Entity('job_runs')
export class JobRun {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 40 })
  slot: string;

  @Column({ type: 'varchar', length: 10 })
  state: JobRunState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_until', type: 'bigint', transformer: epochMillis })
  leaseUntil: number;

  @Column({ name: 'started_at', type: 'bigint', nullable: true, transformer: epochMillis })
  startedAt: number | null;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: epochMillis })
  finishedAt: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
