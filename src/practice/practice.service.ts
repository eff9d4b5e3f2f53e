import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { AccessService, EnrolmentAccess } from '../cohorts/access.service';
import { programmeEnd } from '../cohorts/timeline';
import { today } from '../common/dates';
import { paging } from '../common/paging';
import { PageBodies } from '../common/views/page-bodies';
import { DEFAULT_LOCALE, Locale } from '../i18n/i18n';
import { FieldErrors, FormResult } from '../common/form-result';
import { CurriculaService } from '../curricula/curricula.service';
import { THEMES } from '../curricula/curriculum.types';
import { isTrue, PreparedSql, toNumber } from '../database/prepared-sql';
import { Transactions } from '../database/transactions';
import { LedgerService } from '../ledger/ledger.service';
import { Organisation } from '../users/organisation.entity';
import { checkEntry, EntryInput } from './entry-rules';
import { ENTRY_STATES, EntryState, PracticeEntry } from './practice-entry.entity';
import { practiceTotals } from './totals';

/** One line of the supervisor's queue, as the database gives it. */
interface QueueRow {
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

/** The change did not happen because the entry was not as the person saw it (someone else acted first). */
export class EntryChanged extends ConflictException {
  constructor() {
    super('practice.error.changed');
  }
}

/** The practice log: students write entries, supervisors approve or return them, every decision goes into the ledger. */
@Injectable()
export class PracticeService {
  private readonly waitingCount: PreparedSql<{ userId: number; state: string }>;
  private readonly waitingPage: PreparedSql<{ userId: number; state: string; limit: number; offset: number }>;
  private readonly queueKey: PreparedSql<{ userId: number }>;
  /** The queue's rendered rows, per supervisor, page and language (see `queue`). */
  private readonly queueRows = new PageBodies();

  constructor(
    @InjectRepository(PracticeEntry) private readonly entries: Repository<PracticeEntry>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly access: AccessService,
    private readonly transactions: Transactions,
    private readonly ledger: LedgerService,
    private readonly curricula: CurriculaService,
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
    // What the rows shown depend on, beyond the entries themselves: each of the supervisor's enrolments with its
    // figures counter (moved by the database on every change to one of its entries), the student's name and the programme version.
    this.queueKey = new PreparedSql(
      dataSource,
      'SELECT es.enrolment_id AS "enrolmentId", en.figures_version AS "figuresVersion", s.name AS "studentName", c.curriculum_version_id AS "versionId" ' +
        'FROM enrolment_supervisors es JOIN enrolments en ON en.id = es.enrolment_id JOIN cohorts c ON c.id = en.cohort_id JOIN users s ON s.id = en.student_id ' +
        'WHERE es.user_id = :userId ORDER BY es.enrolment_id',
    );
  }

  // ---- reading

  /** The student's log with filters, and hours by category against the programme's requirements. */
  async log(user: SessionUser, enrolmentId: number, filters: { state?: string; month?: string; page?: string }) {
    const found = await this.studentOrSupervisor(user, enrolmentId);
    const state = (ENTRY_STATES as readonly string[]).includes(filters.state ?? '') ? (filters.state as EntryState) : undefined;
    const month = /^\d{4}-\d{2}$/.test(filters.month ?? '') ? filters.month : undefined;
    const query = this.entries
      .createQueryBuilder('e')
      .leftJoinAndSelect('e.placement', 'placement')
      .where('e.enrolmentId = :enrolmentId', { enrolmentId });
    if (!found.isStudent) query.andWhere('e.state != :draft', { draft: 'draft' });
    if (state) query.andWhere('e.state = :state', { state });
    if (month) query.andWhere('e.date >= :from AND e.date <= :to', { from: `${month}-01`, to: `${month}-31` });
    // Counted first, so that a page number past the end shows the last page rather than an empty one.
    const pages = paging(filters.page, await query.getCount());
    const rows = await query.orderBy('e.date', 'DESC').addOrderBy('e.id', 'DESC').skip(pages.offset).take(pages.limit).getMany();
    const content = found.programme.content;
    return {
      title: 'practice.log.title',
      ...this.viewer(found),
      enrolment: found.enrolment,
      cohort: found.cohort,
      programme: found.programme,
      entries: rows.map((entry) => this.entryView(entry, found)),
      filters: { state, month },
      stateOptions: ENTRY_STATES.filter((s) => found.isStudent || s !== 'draft').map((s) => ({ value: s, selected: s === state })),
      pages,
      totals: await practiceTotals(this.entries.manager, enrolmentId, content),
      hasDrafts: found.isStudent && rows.some((e) => e.state === 'draft' || e.state === 'returned'),
    };
  }

  async entryPage(user: SessionUser, entryId: number, extra: Record<string, unknown> = {}) {
    const { entry, found } = await this.readable(user, entryId);
    const records = await this.ledger.history('practice_entry', entry.id);
    const names = await this.actorNames(records.map((r) => r.actorId));
    return {
      title: 'practice.entry.title',
      ...this.viewer(found),
      enrolment: found.enrolment,
      cohort: found.cohort,
      programme: found.programme,
      entry: this.entryView(entry, found),
      history: records.map((r) => ({ action: r.action, actor: r.actorId ? names.get(r.actorId) : undefined, at: r.recordedAt, reason: (r.payload as { comment?: string }).comment })),
      ...extra,
    };
  }

  /**
   * The entries waiting for this supervisor, oldest first, a page at a time. The join with the supervisor's
   * assignments is the access check: an entry of a student who is not theirs cannot be in the rows.
   *
   * The rendered rows of a page are kept (`keptRows`) under a key of everything they show: the supervisor, the
   * page, the language and, per enrolment they supervise, its figures counter, the student's name and the
   * programme version. An entry submitted, approved, returned, withdrawn or changed moves its enrolment's
   * counter, so a kept page is one that is still true; the count is read on every visit.
   */
  async queue(user: SessionUser, query: { page?: string } = {}, locale: Locale = DEFAULT_LOCALE) {
    const [{ total: counted }] = await this.waitingCount.rows<{ total: number | string }>({ userId: user.id, state: 'submitted' });
    const pages = paging(query.page, toNumber(counted));
    const page = { title: 'practice.queue.title', pages };
    if (pages.total === 0) return { ...page, items: [] };
    const supervised = await this.queueKey.rows<{ enrolmentId: number; figuresVersion: number; studentName: string; versionId: number }>({ userId: user.id });
    const key = JSON.stringify(['queue', user.id, pages.offset, pages.limit, locale, supervised.map((e) => [e.enrolmentId, toNumber(e.figuresVersion), e.studentName, e.versionId])]);
    const keptRows = this.queueRows.get(key);
    if (keptRows !== undefined) return { ...page, keptRows };
    const rows = await this.waitingPage.rows<QueueRow>({ userId: user.id, state: 'submitted', limit: pages.limit, offset: pages.offset });
    const items = [];
    for (const row of rows) {
      const { content } = await this.curricula.getVersion(row.versionId);
      const category = content.practice.categories.find((c) => c.key === row.category);
      // A reflection reaches the supervisor only when the student chose to share it.
      const showReflection = isTrue(row.reflectionShared) || row.studentId === user.id;
      items.push({
        id: row.id,
        studentName: row.studentName,
        date: row.date,
        hours: row.quarterHours / 4,
        category: category?.title ?? { nb: row.category },
        description: row.description,
        reflection: showReflection ? row.reflection : null,
      });
    }
    return { ...page, items, keepRows: this.queueRows.keeper(key) };
  }

  // ---- the student's writes

  async form(user: SessionUser, enrolmentId: number, entryId?: number, values?: EntryInput & { version?: string }, errors: Record<string, unknown> = {}) {
    const found = await this.asStudent(user, enrolmentId);
    let current = values;
    let entry: PracticeEntry | undefined;
    if (entryId) {
      entry = (await this.entries.findOne({ where: { id: entryId, enrolmentId } })) ?? undefined;
      if (!entry) throw new NotFoundException();
      current ??= {
        date: entry.date,
        hours: String(entry.quarterHours / 4).replace('.', ','),
        placement: String(entry.placementId),
        category: entry.category,
        description: entry.description,
        reflection: entry.reflection ?? '',
        themes: entry.reflectionThemes,
        shareReflection: entry.reflectionShared ? 'yes' : '',
        version: String(entry.version),
      };
    }
    current ??= { date: today(), placement: found.enrolment.employerOrganisationId ? String(found.enrolment.employerOrganisationId) : '' };
    const organisations = await this.organisations.find({ order: { name: 'ASC' } });
    return {
      title: entry ? 'practice.edit.title' : 'practice.new.title',
      enrolment: found.enrolment,
      cohort: found.cohort,
      programme: found.programme,
      entry,
      values: current,
      errors,
      placementOptions: organisations.map((o) => ({ value: String(o.id), label: o.name, selected: String(o.id) === current!.placement })),
      categoryOptions: found.programme.content.practice.categories.map((c) => ({ value: c.key, label: c.title.nb, title: c.title, selected: c.key === current!.category })),
      themeOptions: THEMES.map((t) => ({ value: t, labelKey: `theme.${t}`, checked: (current!.themes ?? []).includes(t) })),
    };
  }

  async editForm(user: SessionUser, entryId: number) {
    const { entry } = await this.own(user, entryId);
    if (entry.state !== 'draft' && entry.state !== 'returned') throw new EntryChanged();
    return this.form(user, entry.enrolmentId, entry.id);
  }

  async create(user: SessionUser, enrolmentId: number, input: EntryInput & { action?: string }): Promise<FormResult> {
    const found = await this.asStudent(user, enrolmentId);
    const errors = new FieldErrors();
    const clean = await checkEntry(input, await this.context(found), errors);
    if (!clean) return { status: 400, view: 'practice/form', data: await this.form(user, enrolmentId, undefined, input, errors.errors) };
    const submit = input.action === 'submit';
    const id = await this.transactions.run(async (manager) => {
      const result = await manager.insert(PracticeEntry, {
        enrolmentId,
        ...clean,
        reflectionThemes: clean.reflectionThemes as PracticeEntry['reflectionThemes'],
        state: submit ? 'submitted' : 'draft',
        submittedAt: submit ? new Date() : null,
      });
      const entryId = Number(result.identifiers[0].id);
      if (submit) await this.record(manager, 'practice.submit', user.id, entryId);
      return entryId;
    });
    return { redirect: `/practice/${id}` };
  }

  async update(user: SessionUser, entryId: number, input: EntryInput & { action?: string; version?: string }): Promise<FormResult> {
    const { entry, found } = await this.own(user, entryId);
    if (entry.state !== 'draft' && entry.state !== 'returned') throw new EntryChanged();
    const errors = new FieldErrors();
    const clean = await checkEntry(input, await this.context(found, entry.id), errors);
    if (!clean) return { status: 400, view: 'practice/form', data: await this.form(user, entry.enrolmentId, entry.id, input, errors.errors) };
    const submit = input.action === 'submit';
    await this.transactions.run(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(PracticeEntry)
        .set({
          ...clean,
          reflectionThemes: clean.reflectionThemes as PracticeEntry['reflectionThemes'],
          state: submit ? 'submitted' : entry.state,
          submittedAt: submit ? new Date() : entry.submittedAt,
          version: () => 'version + 1',
        })
        .where('id = :id AND version = :version AND state IN (:...states)', { id: entry.id, version: Number(input.version), states: ['draft', 'returned'] })
        .execute();
      if (!result.affected) throw new EntryChanged();
      if (submit) await this.record(manager, 'practice.submit', user.id, entry.id);
    });
    return { redirect: `/practice/${entry.id}` };
  }

  /** Submits drafts and returned entries: one, or several chosen on the log page. */
  async submit(user: SessionUser, entryIds: number[]): Promise<{ done: number; changed: number }> {
    let done = 0;
    let changed = 0;
    for (const id of entryIds) {
      const { entry } = await this.own(user, id);
      try {
        await this.transition(entry, ['draft', 'returned'], 'submitted', user.id, 'practice.submit', { submittedAt: new Date() });
        done += 1;
      } catch (error) {
        if (!(error instanceof EntryChanged)) throw error;
        changed += 1;
      }
    }
    return { done, changed };
  }

  /** Takes back a submitted entry nobody has handled yet. */
  async withdraw(user: SessionUser, entryId: number): Promise<void> {
    const { entry } = await this.own(user, entryId);
    await this.transition(entry, ['submitted'], 'draft', user.id, 'practice.withdraw', { submittedAt: null });
  }

  // ---- the supervisor's decisions

  async approve(user: SessionUser, entryIds: number[]): Promise<{ done: number; changed: number }> {
    let done = 0;
    let changed = 0;
    for (const id of entryIds) {
      const { entry } = await this.supervised(user, id);
      try {
        await this.transition(entry, ['submitted'], 'approved', user.id, 'practice.approve', { decidedAt: new Date(), decidedBy: user.id, returnComment: null });
        done += 1;
      } catch (error) {
        if (!(error instanceof EntryChanged)) throw error;
        changed += 1;
      }
    }
    return { done, changed };
  }

  async returnEntry(user: SessionUser, entryId: number, comment: string | undefined): Promise<FormResult> {
    const { entry } = await this.supervised(user, entryId);
    const text = (comment ?? '').trim();
    const errors = new FieldErrors();
    if (!text) errors.add('comment', 'practice.error.commentRequired');
    else if (text.length > 4000) errors.add('comment', 'practice.error.tooLong', { max: 4000 });
    if (errors.any) return { status: 400, view: 'practice/entry', data: await this.entryPage(user, entryId, { errors: errors.errors, values: { comment: text } }) };
    await this.transition(entry, ['submitted'], 'returned', user.id, 'practice.return', { decidedAt: new Date(), decidedBy: user.id, returnComment: text }, { comment: text });
    return { redirect: `/practice/${entry.id}` };
  }

  /** Undoes an approval: a separate, recorded act with a reason; the entry goes back to the student. */
  async revoke(user: SessionUser, entryId: number, reason: string | undefined): Promise<FormResult> {
    const { entry } = await this.supervised(user, entryId);
    const text = (reason ?? '').trim();
    const errors = new FieldErrors();
    if (!text) errors.add('reason', 'practice.error.reasonRequired');
    else if (text.length > 4000) errors.add('reason', 'practice.error.tooLong', { max: 4000 });
    if (errors.any) return { status: 400, view: 'practice/entry', data: await this.entryPage(user, entryId, { errors: errors.errors, values: { reason: text } }) };
    await this.transition(entry, ['approved'], 'returned', user.id, 'practice.revoke', { decidedAt: new Date(), decidedBy: user.id, returnComment: text }, { comment: text });
    return { redirect: `/practice/${entry.id}` };
  }

  // ---- the rules underneath

  /**
   * Moves an entry from one of `from` to `to`, only if nobody changed it since it was read
   * (same version, same state); the ledger record is written in the same transaction.
   */
  private async transition(
    entry: PracticeEntry,
    from: EntryState[],
    to: EntryState,
    actorId: number,
    action: string,
    changes: Partial<Pick<PracticeEntry, 'submittedAt' | 'decidedAt' | 'decidedBy' | 'returnComment'>>,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    if (!from.includes(entry.state)) throw new EntryChanged();
    await this.transactions.run(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(PracticeEntry)
        .set({ ...changes, state: to, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND state = :state', { id: entry.id, version: entry.version, state: entry.state })
        .execute();
      if (!result.affected) throw new EntryChanged();
      await this.record(manager, action, actorId, entry.id, extra);
    });
  }

  /** A ledger record with the entry's content as it is now, inside the caller's transaction. */
  private async record(manager: EntityManager, action: string, actorId: number, entryId: number, extra: Record<string, unknown> = {}): Promise<void> {
    const entry = await manager.findOneByOrFail(PracticeEntry, { id: entryId });
    await this.ledger.append(manager, {
      action,
      actorId,
      subjectType: 'practice_entry',
      subjectId: entry.id,
      enrolmentId: entry.enrolmentId,
      payload: {
        ...extra,
        state: entry.state,
        date: entry.date,
        quarterHours: entry.quarterHours,
        placementId: entry.placementId,
        category: entry.category,
        description: entry.description,
        reflection: entry.reflection,
        reflectionThemes: entry.reflectionThemes,
        version: entry.version,
      },
    });
  }

  private async context(found: EnrolmentAccess, excludeEntryId?: number) {
    const content = found.programme.content;
    const organisations = await this.organisations.find({ select: { id: true } });
    const end = programmeEnd(found.cohort.startDate, content.duration.unit, content.duration.length);
    return {
      today: today(),
      from: found.cohort.startDate,
      to: end,
      categories: content.practice.categories.map((c) => c.key),
      placements: organisations.map((o) => o.id),
      otherQuartersThatDay: async (date: string) => {
        const query = this.entries
          .createQueryBuilder('e')
          .select('COALESCE(SUM(e.quarterHours), 0)', 'sum')
          .where('e.enrolmentId = :enrolmentId AND e.date = :date', { enrolmentId: found.enrolment.id, date });
        if (excludeEntryId) query.andWhere('e.id != :id', { id: excludeEntryId });
        return Number((await query.getRawOne<{ sum: string | number }>())?.sum ?? 0);
      },
    };
  }

  private async studentOrSupervisor(user: SessionUser, enrolmentId: number): Promise<EnrolmentAccess> {
    const found = await this.access.enrolment(user, enrolmentId);
    if (!found.isStudent && !found.relations.has('supervisor')) throw new NotFoundException();
    return found;
  }

  private async asStudent(user: SessionUser, enrolmentId: number): Promise<EnrolmentAccess> {
    const found = await this.access.enrolment(user, enrolmentId);
    if (!found.isStudent) throw new NotFoundException();
    return found;
  }

  /** An entry the person may read: the student's own, or one of an enrolment they supervise (not a draft). */
  private async readable(user: SessionUser, entryId: number) {
    const entry = Number.isSafeInteger(entryId) ? await this.entries.findOne({ where: { id: entryId }, relations: { placement: true } }) : null;
    if (!entry) throw new NotFoundException();
    const found = await this.studentOrSupervisor(user, entry.enrolmentId);
    if (!found.isStudent && entry.state === 'draft') throw new NotFoundException();
    return { entry, found };
  }

  private async own(user: SessionUser, entryId: number) {
    const { entry, found } = await this.readable(user, entryId);
    if (!found.isStudent) throw new NotFoundException();
    return { entry, found };
  }

  private async supervised(user: SessionUser, entryId: number) {
    const { entry, found } = await this.readable(user, entryId);
    if (!found.relations.has('supervisor')) throw new NotFoundException();
    return { entry, found };
  }

  private entryView(entry: PracticeEntry, found: EnrolmentAccess) {
    const category = found.programme.content.practice.categories.find((c) => c.key === entry.category);
    const showReflection = found.isStudent || entry.reflectionShared;
    return {
      id: entry.id,
      date: entry.date,
      hours: entry.quarterHours / 4,
      placement: entry.placement?.name,
      category: category?.title ?? { nb: entry.category },
      description: entry.description,
      reflection: showReflection ? entry.reflection : null,
      reflectionThemes: showReflection ? entry.reflectionThemes : [],
      reflectionShared: entry.reflectionShared,
      state: entry.state,
      returnComment: entry.returnComment,
      version: entry.version,
      editable: found.isStudent && (entry.state === 'draft' || entry.state === 'returned'),
      withdrawable: found.isStudent && entry.state === 'submitted',
      decidable: found.relations.has('supervisor') && entry.state === 'submitted',
      revocable: found.relations.has('supervisor') && entry.state === 'approved',
    };
  }

  private async actorNames(ids: (number | null)[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids.filter((id): id is number => id !== null))];
    if (unique.length === 0) return new Map();
    const rows: { id: number; name: string }[] = await this.entries.manager
      .createQueryBuilder()
      .select('u.id', 'id')
      .addSelect('u.name', 'name')
      .from('users', 'u')
      .where('u.id IN (:...ids)', { ids: unique })
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  }

  private viewer(found: EnrolmentAccess) {
    return { isStudent: found.isStudent, isSupervisor: found.relations.has('supervisor') };
  }
}
