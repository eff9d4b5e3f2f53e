import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/epoch-millis';

/** Sign-in attempts counted per account ("email:…") and per address ("ip:…"); see throttle-policy.ts. */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'window_started_at', type: 'bigint', transformer: epochMillis })
  windowStartedAt: number;

  @Column({
    name: 'locked_until',
    type: 'bigint',
    nullable: true,
    transformer: epochMillis,
  })
  lockedUntil: number | null;
}
