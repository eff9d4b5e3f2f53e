import { Logger } from '@nestjs/common';
import { TypeormStore } from 'connect-typeorm';
import type { Request } from 'express';
import type { Session, SessionData } from 'express-session';
import { DataSource, IsNull, LessThanOrEqual, Not, Repository } from 'typeorm';
import { SessionRow } from './session.entity';

type Callback = (error?: unknown) => void;

const logger = new Logger('Sessions');

/** How far a session's stored expiry may lag behind the idle timeout before a request writes it again. */
export const EXTEND_EVERY_MS = 60_000;

/** Sessions this process read from the store, as opposed to ones made for a request (see `set`). */
const readFromStore = new WeakSet<object>();

/**
 * Sessions in the database (connect-typeorm), so that several server processes share them and a restart
 * signs nobody out. Each row expires `idleMinutes` after the last request that used it. Where the library
 * falls short of what sign-out needs, this class makes it good: see `destroy` and `set`.
 */
export class SessionStore extends TypeormStore {
  private readonly rows: Repository<SessionRow>;
  private readonly ttlMs: number;
  private readonly pruneTimer: NodeJS.Timeout;
  private readonly inheritedSet: TypeormStore['set'];
  private readonly inheritedTouch: TypeormStore['touch'];
  /** When this process last moved each session's expiry on, so that a request need not write it every time. */
  private extended = new Map<string, number>();

  constructor(dataSource: DataSource, idleMinutes: number, pruneEveryMs = 15 * 60_000) {
    // A database error is reported and that request fails; the library's default would turn sessions off for all.
    super({ ttl: idleMinutes * 60, onError: (_store, error) => logger.error(`Session store: ${String(error)}`) });
    this.ttlMs = idleMinutes * 60_000;
    this.rows = dataSource.getRepository(SessionRow);
    this.connect(this.rows);
    this.inheritedSet = this.set;
    this.set = this.setKeepingDestroyed;
    this.destroy = this.destroyBeforeAnswering;
    this.inheritedTouch = this.touch;
    this.touch = this.touchNowAndThen;
    this.pruneTimer = setInterval(() => void this.prune(), pruneEveryMs);
    this.pruneTimer.unref();
  }

  override createSession(req: Request, data: SessionData): Session & SessionData {
    const session = super.createSession(req, data);
    readFromStore.add(session);
    return session;
  }

  /**
   * A session read from the store is only ever updated, never inserted again: once it was destroyed
   * (sign-out), or expired and pruned, a late write of a request that was still under way finds no row
   * and brings nothing back. Only a session made for this request is inserted, by the library.
   */
  private readonly setKeepingDestroyed = (sid: string, session: SessionData, callback?: Callback): void => {
    const now = Date.now();
    const done = (error?: unknown) => {
      if (!error) this.remember(sid, now);
      callback?.(error);
    };
    if (!readFromStore.has(session)) return this.inheritedSet(sid, session, done);
    this.rows.update({ id: sid, destroyedAt: IsNull() }, { json: JSON.stringify(session), expiredAt: now + this.ttlMs }).then(() => done(), done);
  };

  /**
   * Every request moves the idle timeout on; writing that to the database each time would make every page
   * view a write. So the expiry is written at most once a minute per session and process: an idle session
   * ends between a minute before its timeout and the timeout.
   */
  private readonly touchNowAndThen = (sid: string, session: SessionData, callback?: Callback): void => {
    const now = Date.now();
    const last = this.extended.get(sid);
    if (last !== undefined && now - last < EXTEND_EVERY_MS) return callback?.();
    this.inheritedTouch(sid, session, (error?: unknown) => {
      if (!error) this.remember(sid, now);
      callback?.(error);
    });
  };

  private remember(sid: string, at: number): void {
    if (this.extended.size >= 10_000) this.extended = new Map();
    this.extended.set(sid, at);
  }

  /** The library's destroy answers before its row is marked destroyed; sign-out must not answer before that. */
  private readonly destroyBeforeAnswering = (sid: string | string[], callback?: Callback): void => {
    const ids = Array.isArray(sid) ? sid : [sid];
    for (const id of ids) this.extended.delete(id);
    Promise.all(ids.map((id) => this.rows.softDelete({ id }))).then(
      () => callback?.(),
      (error) => callback?.(error),
    );
  };

  /** Removes expired and destroyed sessions. */
  async prune(now = Date.now()): Promise<void> {
    try {
      await this.rows.delete([{ expiredAt: LessThanOrEqual(now) }, { destroyedAt: Not(IsNull()) }]);
    } catch (error) {
      logger.warn(`Could not remove ended sessions: ${String(error)}`);
    }
  }

  close(): void {
    clearInterval(this.pruneTimer);
  }

  onApplicationShutdown(): void {
    this.close();
  }
}
