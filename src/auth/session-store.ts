import { Logger } from '@nestjs/common';
import { TypeormStore } from 'connect-typeorm';
import type { Request } from 'express';
import type { Session, SessionData } from 'express-session';
import { DataSource, EntityManager, FindOptionsWhere, IsNull, LessThanOrEqual, MoreThan, Not, Repository } from 'typeorm';
import { SessionRow } from './session.entity';

type Callback = (error?: unknown) => void;

const logger = new Logger('Sessions');

/** How far a session's stored expiry may lag behind the idle timeout before a request writes it again. */
export const EXTEND_EVERY_MS = 60_000;

/** Sessions this process read from the store, as opposed to ones made for a request (see `set`). */
const readFromStore = new WeakSet<object>();

/** One of a person's sessions, as their profile page shows it; the session's id, a credential, stays here. */
export interface SessionSummary {
  /** The session the asking request came with. */
  current: boolean;
  /** When the person signed in to it (milliseconds since the epoch), if known. */
  signedInAt: number | null;
  /** When it was last used, to within the minute the expiry is written at most (see `touch`). */
  lastActiveAt: number;
  /** The browser's User-Agent at sign-in, '' when unknown. */
  userAgent: string;
}

/** The person a session is signed in to, for its `user_id` column. */
function ownerOf(session: SessionData): number | null {
  const id = session.passport?.user;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}

/**
 * Sessions in the database (connect-typeorm), so that several server processes share them and a restart
 * signs nobody out. Each row expires `idleMinutes` after the last request that used it. Where the library
 * falls short of what sign-out needs, this class makes it good: see `destroy` and `set`.
 */
export class SessionStore extends TypeormStore {
  private readonly rows: Repository<SessionRow>;
  private readonly ttlMs: number;
  private readonly pruneTimer: NodeJS.Timeout;
  private readonly inheritedTouch: TypeormStore['touch'];
  /** When this process last moved each session's expiry on, so that a request need not write it every time. */
  private extended = new Map<string, number>();

  constructor(dataSource: DataSource, idleMinutes: number, pruneEveryMs = 15 * 60_000) {
    // A database error is reported and that request fails; the library's default would turn sessions off for all.
    super({ ttl: idleMinutes * 60, onError: (_store, error) => logger.error(`Session store: ${String(error)}`) });
    this.ttlMs = idleMinutes * 60_000;
    this.rows = dataSource.getRepository(SessionRow);
    this.connect(this.rows);
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
   * and brings nothing back. Only a session made for this request is inserted. Either way the row names
   * the person signed in to it, in the same statement.
   */
  private readonly setKeepingDestroyed = (sid: string, session: SessionData, callback?: Callback): void => {
    const now = Date.now();
    const done = (error?: unknown) => {
      if (!error) this.remember(sid, now);
      callback?.(error);
    };
    let json: string;
    try {
      json = JSON.stringify(session);
    } catch (error) {
      return callback?.(error);
    }
    const changes = { json, expiredAt: now + this.ttlMs, userId: ownerOf(session) };
    const write = readFromStore.has(session) ? this.rows.update({ id: sid, destroyedAt: IsNull() }, changes) : this.insertOrRenew(sid, changes);
    write.then(() => done(), done);
  };

  /**
   * A session made for this request: inserted, or updated when this request saved it once already (signing in
   * saves the new session, and the end of the request may save it again). As the library does, a row under
   * that id is never brought back from destroyed.
   */
  private async insertOrRenew(sid: string, changes: Pick<SessionRow, 'json' | 'expiredAt' | 'userId'>): Promise<void> {
    const existing = await this.rows.findOne({ select: { id: true }, where: { id: sid }, withDeleted: true });
    if (existing) await this.rows.update({ id: sid, destroyedAt: IsNull() }, changes);
    else await this.rows.insert({ id: sid, ...changes });
  }

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

  /**
   * The person's sessions that are still open, read from the rows that name them. `currentSid` marks the
   * asking request's own.
   */
  async listFor(userId: number, currentSid?: string, now = Date.now()): Promise<SessionSummary[]> {
    const rows = await this.rows.find({ select: { id: true, json: true, expiredAt: true }, where: { userId, expiredAt: MoreThan(now) } });
    const sessions: SessionSummary[] = [];
    for (const row of rows) {
      let data: SessionData;
      try {
        data = JSON.parse(row.json) as SessionData;
      } catch {
        continue;
      }
      if (data.passport?.user !== userId) continue;
      sessions.push({
        current: row.id === currentSid,
        signedInAt: typeof data.signedInAt === 'number' ? data.signedInAt : null,
        lastActiveAt: row.expiredAt - this.ttlMs,
        userAgent: typeof data.userAgent === 'string' ? data.userAgent : '',
      });
    }
    return sessions;
  }

  /**
   * Ends every session of the person, but the one named by `exceptSid`: marked destroyed like a sign-out, so
   * that their next request, in any process, finds none. Pass the transaction's manager to end them with the
   * change that causes it (a new password). Answers how many open sessions were ended.
   */
  async endAllFor(userId: number, exceptSid?: string, manager?: EntityManager, now = Date.now()): Promise<number> {
    const rows = manager ? manager.getRepository(SessionRow) : this.rows;
    const where: FindOptionsWhere<SessionRow> = exceptSid === undefined ? { userId } : { userId, id: Not(exceptSid) };
    const open = await rows.find({ select: { id: true }, where: { ...where, expiredAt: MoreThan(now) } });
    await rows.softDelete(where);
    for (const { id } of open) this.extended.delete(id);
    return open.length;
  }

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
