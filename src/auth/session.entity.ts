import type { ISession } from 'connect-typeorm';
import { Column, DeleteDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/epoch-millis';

/** A browser's session, kept in the database so that several server processes share it (see SessionStore). */
@Entity('sessions')
export class SessionRow implements ISession {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id: string;

  /** Milliseconds since the epoch; the session ends after this unless a request moves it on. */
  @Index('IDX_sessions_expired_at')
  @Column({ name: 'expired_at', type: 'bigint', transformer: epochMillis })
  expiredAt: number;

  @Column({ type: 'text' })
  json: string;

  /** The person signed in to the session (passport's user id), written when the session is saved; null for a visitor. */
  @Index('IDX_sessions_user_id')
  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId?: number | null;

  /** Set at sign-out: the row stays until it expires, and nothing may bring it back. */
  @DeleteDateColumn({ name: 'destroyed_at', nullable: true })
  destroyedAt?: Date;
}
