import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A signed-in (or language-choosing) browser's session, kept in the database so several processes share it. */
@Entity('sessions')
export class SessionRow {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  sid: string;

  @Column({ type: 'text' })
  data: string;

  /** Milliseconds since the epoch; the session is gone after this. */
  @Index()
  @Column({ name: 'expires_at', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  expiresAt: number;
}
