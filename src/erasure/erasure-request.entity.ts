import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../database/epoch-millis';

export type ErasureState = 'requested' | 'cancelled' | 'completed';

/**
 * A person's (or an administrator's, on their behalf) request that the person's data be erased: it waits
 * (`requested`) until an administrator confirms it (`completed`, the erasure done in the same transaction)
 * or someone cancels it. The retention job writes a completed row of its own, with no one requesting.
 * People are kept as ids only, so the row outlives the erasure it records.
 */
@Entity('erasure_requests')
@Index('IDX_erasure_requests_state', ['state', 'requestedAt'])
export class ErasureRequest {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_erasure_requests_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  /** The person themselves or an administrator; null when the retention job erased. */
  @Column({ name: 'requested_by', type: 'integer', nullable: true })
  requestedBy: number | null;

  @Column({ name: 'requested_at', type: 'bigint', transformer: epochMillis })
  requestedAt: number;

  @Column({ type: 'varchar', length: 10 })
  state: ErasureState;

  @Column({ name: 'cancelled_by', type: 'integer', nullable: true })
  cancelledBy: number | null;

  @Column({ name: 'cancelled_at', type: 'bigint', nullable: true, transformer: epochMillis })
  cancelledAt: number | null;

  /** The administrator who confirmed; null when the retention job erased. */
  @Column({ name: 'confirmed_by', type: 'integer', nullable: true })
  confirmedBy: number | null;

  @Column({ name: 'completed_at', type: 'bigint', nullable: true, transformer: epochMillis })
  completedAt: number | null;
}
