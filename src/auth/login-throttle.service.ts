import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { LoginThrottle } from './login-throttle.entity';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, afterFailure, lockRemaining, ThrottleLimit } from './throttle-policy';

export function throttleKeys(email: string, address: string | undefined): { key: string; limit: ThrottleLimit }[] {
  return [
    { key: `email:${email.trim().toLowerCase()}`, limit: ACCOUNT_LIMIT },
    { key: `ip:${address ?? 'unknown'}`, limit: ADDRESS_LIMIT },
  ];
}

/** Counts failed sign-ins per account and per address in the database, so every server process sees them. */
@Injectable()
export class LoginThrottleService {
  constructor(@InjectRepository(LoginThrottle) private readonly rows: Repository<LoginThrottle>) {}

  /** Milliseconds until this account or address may try again (0: now). */
  async lockedFor(email: string, address: string | undefined, now = Date.now()): Promise<number> {
    const keys = throttleKeys(email, address).map((k) => k.key);
    const rows = await this.rows.createQueryBuilder('t').where('t.key IN (:...keys)', { keys }).getMany();
    return Math.max(0, ...rows.map((row) => lockRemaining(row, now)));
  }

  async recordFailure(email: string, address: string | undefined, now = Date.now()): Promise<void> {
    for (const { key, limit } of throttleKeys(email, address)) {
      const current = await this.rows.findOne({ where: { key } });
      await this.rows.save({ key, ...afterFailure(current, now, limit) });
    }
  }

  /** A successful sign-in clears the account's count (not the address's: one success does not vouch for a whole network). */
  async recordSuccess(email: string): Promise<void> {
    await this.rows.delete({ key: throttleKeys(email, undefined)[0].key });
  }
}
