import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../database/epoch-millis';

/** A person's authenticator secret, sealed (SecretBox); without `enabledAt` it is an enrolment not yet confirmed. */
@Entity('second_factors')
export class SecondFactor {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'text' })
  secret: string;

  @Column({ name: 'enabled_at', type: 'bigint', nullable: true, transformer: epochMillis })
  enabledAt: number | null;

  /** The time step of the last code accepted: that code, and any older one, is refused from then on. */
  @Column({ name: 'last_step', type: 'bigint', nullable: true, transformer: epochMillis })
  lastStep: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

/** One single-use recovery code, of which only a keyed hash is kept (see recovery-codes.ts). */
@Entity('recovery_codes')
export class RecoveryCode {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_recovery_codes_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'code_hash', type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ name: 'used_at', type: 'bigint', nullable: true, transformer: epochMillis })
  usedAt: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
