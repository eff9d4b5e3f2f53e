import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../database/epoch-millis';

/**
 * A one-time link for a new account to choose its password; only the token's hash is stored. It is open until
 * it is used, expires, is withdrawn, or a newer invitation of the same person replaces it (withdrawn as well).
 */
@Entity('invitations')
export class Invitation {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_invitations_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillis })
  expiresAt: number;

  @Column({ name: 'used_at', type: 'bigint', nullable: true, transformer: epochMillis })
  usedAt: number | null;

  @Column({ name: 'withdrawn_at', type: 'bigint', nullable: true, transformer: epochMillis })
  withdrawnAt: number | null;

  /** The cohort the person is invited into, named in the e-mail; its coordinators may manage the invitation. */
  @Index('IDX_invitations_cohort')
  @Column({ name: 'cohort_id', type: 'integer', nullable: true })
  cohortId: number | null;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
