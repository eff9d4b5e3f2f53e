import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { PreparedSql, toNumber } from '../database/prepared-sql';
import { EntryState, PracticeEntry } from './practice-entry.entity';

/** One line of the supervisor's queue, as the database gives it. */
export interface QueueRow {
  id: number;
  date: string;
  quarterHours: number;
  category: string;
  description: string;
  reflection: string | null;
  reflectionShared: boolean | number;
  studentId: number;
  studentName: string;
  versionId: number;
}

/** What a log page lists: an enrolment's entries, drafts only for the student, optionally of one state and month. */
export interface LogFilter {
  enrolmentId: number;
  withDrafts: boolean;
  state?: EntryState;
  month?: string;
}

/** The fields a decision or a submission changes besides the state. */
export type EntryChanges = Partial<Pick<PracticeEntry, 'submittedAt' | 'decidedAt' | 'decidedBy' | 'returnComment'>>;

/** Approved and pending hours of an enrolment by category and state, summed in the database. */
export async function quartersByCategory(manager: EntityManager, enrolmentId: number): Promise<{ category: string; state: string; quarters: string | number }[]> {
  return manager
    .createQueryBuilder(PracticeEntry, 'e')
    .select('e.category', 'category')
    .addSelect('e.state', 'state')
    .addSelect('SUM(e.quarterHours)', 'quarters')
    .where('e.enrolmentId = :enrolmentId AND e.state IN (:...states)', { enrolmentId, states: ['approved', 'submitted'] })
    .groupBy('e.category')
    .addGroupBy('e.state')
    .getRawMany();
}

/** The practice log's entries: the queries of the student's log, the supervisor's queue and the guarded changes of state. */
@Injectable()
export class PracticeEntriesRepository {
  private readonly waitingCount: PreparedSql<{ userId: number; state: string }>;
  private readonly waitingPage: PreparedSql<{ userId: number; state: string; limit: number; offset: number }>;

  constructor(
    @InjectRepository(PracticeEntry) private readonly entries: Repository<PracticeEntry>,
    @InjectDataSource() dataSource: DataSource,
  ) {
    // The queue is read on every visit of a supervisor's busiest page: plain rows, statements prepared once.
    const waiting = (e: string) => `FROM practice_entries ${e} JOIN enrolment_supervisors es ON es.enrolment_id = ${e}.enrolment_id AND es.user_id = :userId WHERE ${e}.state = :state`;
    this.waitingCount = new PreparedSql(dataSource, `SELECT COUNT(*) AS total ${waiting('e')}`);
    this.waitingPage = new PreparedSql(
      dataSource,
      'SELECT e.id, CAST(e.date AS VARCHAR(10)) AS date, e.quarter_hours AS "quarterHours", e.category, e.description, e.reflection, ' +
        'e.reflection_shared AS "reflectionShared", en.student_id AS "studentId", s.name AS "studentName", c.curriculum_version_id AS "versionId" ' +
        'FROM practice_entries e JOIN enrolments en ON en.id = e.enrolment_id JOIN cohorts c ON c.id = en.cohort_id JOIN users s ON s.id = en.student_id ' +
        // The page's entries are chosen from the index (migration QueueIndex); only they are read in full.
        `WHERE e.id IN (SELECT w.id ${waiting('w')} ORDER BY w.submitted_at, w.id LIMIT :limit OFFSET :offset) ` +
        'ORDER BY e.submitted_at, e.id',
    );
  }

  /** How many submitted entries wait for this supervisor. */
  async countWaiting(supervisorId: number): Promise<number> {
    const [{ total }] = await this.waitingCount.rows<{ total: number | string }>({ userId: supervisorId, state: 'submitted' });
    return toNumber(total);
  }

  /** A page of the entries waiting for this supervisor, oldest submission first; the join with their assignments is the access check. */
  waiting(supervisorId: number, limit: number, offset: number): Promise<QueueRow[]> {
    return this.waitingPage.rows<QueueRow>({ userId: supervisorId, state: 'submitted', limit, offset });
  }

  countLog(filter: LogFilter): Promise<number> {
    return this.logQuery(filter).getCount();
  }

  /** A page of the log, newest date first, with each entry's placement. */
  logPage(filter: LogFilter, offset: number, limit: number): Promise<PracticeEntry[]> {
    return this.logQuery(filter).orderBy('e.date', 'DESC').addOrderBy('e.id', 'DESC').skip(offset).take(limit).getMany();
  }

  /** Quarter hours the enrolment logged on a day, leaving out one entry (the one being edited). */
  async quartersOn(enrolmentId: number, date: string, exceptEntryId?: number): Promise<number> {
    const query = this.entries
      .createQueryBuilder('e')
      .select('COALESCE(SUM(e.quarterHours), 0)', 'sum')
      .where('e.enrolmentId = :enrolmentId AND e.date = :date', { enrolmentId, date });
    if (exceptEntryId) query.andWhere('e.id != :id', { id: exceptEntryId });
    return Number((await query.getRawOne<{ sum: string | number }>())?.sum ?? 0);
  }

  /**
   * Changes an entry only if it is still as it was read (the same version, in one of `states`), moving its
   * version on; answers whether it did.
   */
  async changeIfUnchanged(manager: EntityManager, entry: { id: number; version: number }, states: EntryState[], set: Partial<PracticeEntry>): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(PracticeEntry)
      .set({ ...set, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND state IN (:...states)', { id: entry.id, version: entry.version, states })
      .execute();
    return Boolean(result.affected);
  }

  /**
   * The entries among `ids` that this supervisor may act on, in one statement: of an enrolment assigned to
   * them, and not a draft unless they are its student. On PostgreSQL the rows stay locked until the
   * transaction ends, so what is decided is what was read.
   */
  supervisedAmong(manager: EntityManager, supervisorId: number, ids: number[]): Promise<PracticeEntry[]> {
    const query = manager
      .createQueryBuilder(PracticeEntry, 'e')
      .innerJoin('enrolment_supervisors', 'es', 'es.enrolment_id = e.enrolment_id AND es.user_id = :supervisorId', { supervisorId })
      .innerJoin('enrolments', 'en', 'en.id = e.enrolment_id')
      .where('e.id IN (:...ids)', { ids })
      .andWhere("(e.state <> 'draft' OR en.student_id = :supervisorId)");
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write', undefined, ['e']);
    return query.getMany();
  }

  /** Moves the given entries that are still in state `from` to `to`, in one statement. */
  async decideAll(manager: EntityManager, ids: number[], from: EntryState, to: EntryState, changes: EntryChanges): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(PracticeEntry)
      .set({ ...changes, state: to, version: () => 'version + 1' })
      .where('id IN (:...ids) AND state = :from', { ids, from })
      .execute();
  }

  /** For every supervisor with entries waiting: how many, and when the oldest of them was sent in (epoch ms). */
  async waitingBySupervisor(): Promise<Map<number, { entries: number; oldestSubmittedAt: number | null }>> {
    const rows: { userId: number; entries: string | number; oldest: Date | string | null }[] = await this.entries
      .createQueryBuilder('e')
      .select('es.user_id', 'userId')
      .addSelect('COUNT(*)', 'entries')
      .addSelect('MIN(e.submitted_at)', 'oldest')
      .innerJoin('enrolment_supervisors', 'es', 'es.enrolment_id = e.enrolment_id')
      .where('e.state = :state', { state: 'submitted' })
      .groupBy('es.user_id')
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.userId), { entries: toNumber(r.entries), oldestSubmittedAt: moment(r.oldest) }]));
  }

  /** The student and the programme version of each enrolment, in the caller's transaction. */
  async enrolmentsOf(manager: EntityManager, ids: number[]): Promise<{ id: number; studentId: number; versionId: number }[]> {
    if (ids.length === 0) return [];
    const rows: { id: number; studentId: number; versionId: number }[] = await manager
      .createQueryBuilder()
      .select('en.id', 'id')
      .addSelect('en.student_id', 'studentId')
      .addSelect('c.curriculum_version_id', 'versionId')
      .from('enrolments', 'en')
      .innerJoin('cohorts', 'c', 'c.id = en.cohort_id')
      .where('en.id IN (:...ids)', { ids })
      .orderBy('en.id')
      .getRawMany();
    return rows.map((r) => ({ id: Number(r.id), studentId: Number(r.studentId), versionId: Number(r.versionId) }));
  }

  /** Names of the people who acted on entries, by id. */
  async names(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: number; name: string }[] = await this.entries.manager
      .createQueryBuilder()
      .select('u.id', 'id')
      .addSelect('u.name', 'name')
      .from('users', 'u')
      .where('u.id IN (:...ids)', { ids })
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  }

  private logQuery(filter: LogFilter) {
    const query = this.entries.createQueryBuilder('e').leftJoinAndSelect('e.placement', 'placement').where('e.enrolmentId = :enrolmentId', { enrolmentId: filter.enrolmentId });
    if (!filter.withDrafts) query.andWhere('e.state != :draft', { draft: 'draft' });
    if (filter.state) query.andWhere('e.state = :state', { state: filter.state });
    if (filter.month) query.andWhere('e.date >= :from AND e.date <= :to', { from: `${filter.month}-01`, to: `${filter.month}-31` });
    return query;
  }
}

/**
 * A timestamp as an aggregate gives it back: PostgreSQL's driver a Date, SQLite the text TypeORM wrote
 * (UTC, "YYYY-MM-DD HH:MM:SS.SSS"). Epoch milliseconds, or null.
 */
function moment(value: Date | string | null): number | null {
  if (value === null) return null;
  if (value instanceof Date) return value.getTime();
  const ms = Date.parse(`${value.replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`);
  return Number.isNaN(ms) ? null : ms;
}
