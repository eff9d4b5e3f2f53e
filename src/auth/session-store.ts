import { Logger } from '@nestjs/common';
import type { SessionData } from 'express-session';
import { DataSource, LessThan, Repository } from 'typeorm';
import { PreparedSql } from '../database/prepared-sql';
import { SessionRow } from './session.entity';

type Callback<T = void> = (error?: unknown, value?: T) => void;

/**
 * How far a session's stored expiry may lag behind the idle timeout before a request writes it again.
 * Every request moves the timeout on; writing it each time would turn every page view into a database
 * write. So an idle session ends between this long before the timeout and the timeout.
 */
export const TOUCH_EVERY_MS = 60_000;

/**
 * Keeps sessions in the database, so that several server processes can serve
 * one installation and a restart signs nobody out. The idle timeout lives
 * here too: each row expires `idleMs` after the last request that used it
 * (the cookie itself lasts until the browser closes). Expired rows are
 * removed now and then.
 */
export class DatabaseSessionStore {
  private readonly rows: Repository<SessionRow>;
  private readonly logger = new Logger('Sessions');
  private readonly pruneTimer: NodeJS.Timeout;
  // The two statements of every signed-in request, prepared once.
  private readonly select: PreparedSql<{ sid: string }>;
  private readonly extend: PreparedSql<{ sid: string; expiresAt: number }>;
  /** The expiry this process last read or wrote per session, so that a touch can tell whether it needs to write. */
  private readonly stored = new Map<string, number>();

  constructor(
    dataSource: DataSource,
    private readonly idleMs: number,
    pruneEveryMs = 15 * 60 * 1000,
  ) {
    this.rows = dataSource.getRepository(SessionRow);
    this.select = new PreparedSql(dataSource, 'SELECT data, expires_at FROM sessions WHERE sid = :sid');
    this.extend = new PreparedSql(dataSource, 'UPDATE sessions SET expires_at = :expiresAt WHERE sid = :sid');
    this.pruneTimer = setInterval(() => void this.prune(), pruneEveryMs);
    this.pruneTimer.unref();
  }

  get = (sid: string, callback: Callback<SessionData | null>): void => {
    this.select
      .rows<{ data: string; expires_at: number | string }>({ sid })
      .then(([row]) => {
        const expiresAt = row ? Number(row.expires_at) : 0;
        if (!row || expiresAt <= Date.now()) {
          this.stored.delete(sid);
          return callback(null, null);
        }
        this.stored.set(sid, expiresAt);
        callback(null, JSON.parse(row.data) as SessionData);
      })
      .catch((error) => callback(error));
  };

  set = (sid: string, session: SessionData, callback?: Callback): void => {
    const expiresAt = Date.now() + this.idleMs;
    this.rows
      .upsert({ sid, data: JSON.stringify(session), expiresAt }, ['sid'])
      .then(() => {
        this.stored.set(sid, expiresAt);
        callback?.();
      })
      .catch((error) => callback?.(error));
  };

  touch = (sid: string, _session: SessionData, callback?: Callback): void => {
    const expiresAt = Date.now() + this.idleMs;
    const known = this.stored.get(sid);
    if (known !== undefined && expiresAt - known < TOUCH_EVERY_MS) {
      callback?.();
      return;
    }
    this.extend
      .run({ sid, expiresAt })
      .then(() => {
        this.stored.set(sid, expiresAt);
        callback?.();
      })
      .catch((error) => callback?.(error));
  };

  destroy = (sid: string, callback?: Callback): void => {
    this.stored.delete(sid);
    this.rows
      .delete({ sid })
      .then(() => callback?.())
      .catch((error) => callback?.(error));
  };

  async prune(now = Date.now()): Promise<void> {
    for (const [sid, expiresAt] of this.stored) if (expiresAt < now) this.stored.delete(sid);
    try {
      await this.rows.delete({ expiresAt: LessThan(now) });
    } catch (error) {
      this.logger.warn(`Could not remove expired sessions: ${String(error)}`);
    }
  }

  close(): void {
    clearInterval(this.pruneTimer);
  }
}
