import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import { lockRemaining, mayCheck, ThrottleLimit, throttleKeys, ThrottleState } from './throttle-policy';

/**
 * One attempt counted under one key, in one statement, so that attempts arriving together each see the
 * count of those before them (every SET expression reads the row as it was). It is `afterAttempt`
 * written in SQL; SQLite 3.35 and later and PostgreSQL both read it.
 */
const COUNT_ATTEMPT = `
  INSERT INTO login_throttle ("key", attempts, window_started_at, locked_until)
  VALUES (:key, 1, CAST(:now AS BIGINT), CASE WHEN CAST(:limit AS INTEGER) <= 1 THEN CAST(:lockUntil AS BIGINT) ELSE NULL END)
  ON CONFLICT ("key") DO UPDATE SET
    attempts = CASE
      WHEN login_throttle.locked_until > CAST(:now AS BIGINT) THEN login_throttle.attempts + 1
      WHEN ${fresh('login_throttle')} THEN 1
      ELSE login_throttle.attempts + 1 END,
    window_started_at = CASE
      WHEN login_throttle.locked_until > CAST(:now AS BIGINT) THEN login_throttle.window_started_at
      WHEN ${fresh('login_throttle')} THEN CAST(:now AS BIGINT)
      ELSE login_throttle.window_started_at END,
    locked_until = CASE
      WHEN login_throttle.locked_until > CAST(:now AS BIGINT) THEN login_throttle.locked_until
      WHEN (CASE WHEN ${fresh('login_throttle')} THEN 1 ELSE login_throttle.attempts + 1 END) >= CAST(:limit AS INTEGER) THEN CAST(:lockUntil AS BIGINT)
      ELSE NULL END
  RETURNING attempts, window_started_at, locked_until`;

/** The old window is over: it lapsed without a lock, or its lock has run out. */
function fresh(table: string): string {
  return `((${table}.locked_until IS NULL AND ${table}.window_started_at <= CAST(:windowStart AS BIGINT))
    OR (${table}.locked_until IS NOT NULL AND ${table}.locked_until <= CAST(:now AS BIGINT)))`;
}

const FORGET = 'DELETE FROM login_throttle WHERE "key" = :key';

/** `afterSuccess` in SQL: the successful attempt is taken back, and a lock that it set goes with it. */
const TAKE_BACK = `
  UPDATE login_throttle
  SET attempts = attempts - 1, locked_until = CASE WHEN attempts - 1 < CAST(:limit AS INTEGER) THEN NULL ELSE locked_until END
  WHERE "key" = :key AND attempts > 0`;

interface StateRow {
  attempts: number | string;
  window_started_at: number | string;
  locked_until: number | string | null;
}

export interface CountedAttempt {
  /** The password may be checked: both keys are within their limits. */
  mayCheck: boolean;
  /** Milliseconds until the later of the two keys' locks runs out, counting a lock this attempt set (0: none). */
  lockedMs: number;
}

/** Sign-in attempts per account and per address, counted in the database so that every server process sees them. */
@Injectable()
export class LoginThrottleRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  /** Counts an attempt under both its keys, before its password is checked. */
  countAttempt(email: string, address: string | undefined, now = Date.now()): Promise<CountedAttempt> {
    return this.countUnder(throttleKeys(email, address), now);
  }

  /**
   * Counts one attempt under each of these keys in one transaction, by the same rule as sign-in attempts:
   * other throttled acts (asking for a new password) use it with keys and limits of their own.
   */
  async countUnder(keys: { key: string; limit: ThrottleLimit }[], now = Date.now()): Promise<CountedAttempt & { each: CountedAttempt[] }> {
    const states = await this.transactions.run(async (manager) => {
      const counted: { state: ThrottleState; limit: ThrottleLimit }[] = [];
      for (const { key, limit } of keys) {
        const params = { key, now, limit: limit.attempts, windowStart: now - limit.windowMs, lockUntil: now + limit.lockMs };
        const [row] = await this.query<StateRow>(manager, COUNT_ATTEMPT, params);
        counted.push({ state: toState(row), limit });
      }
      return counted;
    });
    const each = states.map(({ state, limit }) => ({ mayCheck: mayCheck(state, limit), lockedMs: lockRemaining(state, now) }));
    return {
      each,
      mayCheck: each.every((key) => key.mayCheck),
      lockedMs: Math.max(0, ...each.map((key) => key.lockedMs)),
    };
  }

  /** Forgets a key's count and lock: a new password set through a link sent to the account's address. */
  async forget(key: string): Promise<void> {
    await this.query(this.dataSource.manager, FORGET, { key });
  }

  /**
   * After a successful sign-in: the account's count is cleared, and the address's attempt taken back, so that
   * colleagues signing in one after another from one office do not lock each other out.
   */
  async signedIn(email: string, address: string | undefined): Promise<void> {
    const [account, origin] = throttleKeys(email, address);
    await this.transactions.run(async (manager) => {
      await this.query(manager, FORGET, { key: account.key });
      await this.query(manager, TAKE_BACK, { key: origin.key, limit: origin.limit.attempts });
    });
  }

  /** The stored count of one key, for the tests and for operators. */
  async state(key: string): Promise<ThrottleState | null> {
    const [row] = await this.query<StateRow>(this.dataSource.manager, 'SELECT attempts, window_started_at, locked_until FROM login_throttle WHERE "key" = :key', { key });
    return row ? toState(row) : null;
  }

  private async query<R>(manager: EntityManager, sql: string, params: Record<string, string | number>): Promise<R[]> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return (await manager.query(text, values)) as R[];
  }
}

function toState(row: StateRow): ThrottleState {
  return { attempts: Number(row.attempts), windowStartedAt: Number(row.window_started_at), lockedUntil: row.locked_until === null ? null : Number(row.locked_until) };
}
