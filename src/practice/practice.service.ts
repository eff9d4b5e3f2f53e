import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { AccessService, EnrolmentAccess } from '../cohorts/access.service';
import { programmeEnd } from '../cohorts/timeline';
import { today } from '../common/dates';
import { paging } from '../common/paging';
import { FieldErrors, FormResult } from '../common/form-result';
import { CurriculaService } from '../curricula/curricula.service';
import { THEMES, type CurriculumContent } from '../curricula/curriculum.types';
import { isTrue } from '../database/prepared-sql';
import { Transactions } from '../database/transactions';
import { LedgerEntry, LedgerService } from '../ledger/ledger.service';
import type { EntryItem } from '../notifications/content';
import { NotificationsService } from '../notifications/notifications.service';
import { Organisation } from '../users/organisation.entity';
import { checkEntry, EntryInput } from './entry-rules';
import { ENTRY_STATES, EntryState, PracticeEntry } from './practice-entry.entity';
import { EntryChanges, PracticeEntriesRepository } from './practice-entries.repository';
import { practiceTotals } from './totals';

/** The change did not happen because the entry was not as the person saw it (someone else acted first). */
export class EntryChanged extends ConflictException {
  constructor() {
    super('practice.error.changed');
  }
}

/** The practice log: students write entries, supervisors approve or return them, every decision goes into the ledger. */
@Injectable()
export class PracticeService {
  constructor(
    @InjectRepository(PracticeEntry) private readonly entries: Repository<PracticeEntry>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly repository: PracticeEntriesRepository,
    private readonly access: AccessService,
    private readonly transactions: Transactions,
    private readonly ledger: LedgerService,
    private readonly curricula: CurriculaService,
    private readonly notifications: NotificationsService,
  ) {}

  // ---- reading

  /** The student's log with filters, and hours by category against the programme's requirements. */
  async log(user: SessionUser, enrolmentId: number, filters: { state?: string; month?: string; page?: string }) {
    const found = await this.studentOrSupervisor(user, enrolmentId);
    const state = (ENTRY_STATES as readonly string[]).includes(filters.state ?? '') ? (filters.state as EntryState) : undefined;
    const month = /^\d{4}-\d{2}$/.test(filters.month ?? '') ? filters.month : undefined;
    const filter = { enrolmentId, withDrafts: found.isStudent, state, month };
    // Counted first, so that a page number past the end shows the last page rather than an empty one.
    const pages = paging(filters.page, await this.repository.countLog(filter));
    const rows = await this.repository.logPage(filter, pages.offset, pages.limit);
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
      history: records.map((r) => ({ action: r.action, actor: r.actorId ? names.get(r.actorId) : undefined, at: r.recordedAt, reason: (r.payload as { comment?: string } | null)?.comment })),
      ...extra,
    };
  }

  /**
   * The entries waiting for this supervisor, oldest first, a page at a time. The join with the supervisor's
   * assignments is the access check: an entry of a student who is not theirs cannot be in the rows.
   */
  async queue(user: SessionUser, query: { page?: string } = {}) {
    const pages = paging(query.page, await this.repository.countWaiting(user.id));
    const page = { title: 'practice.queue.title', pages };
    if (pages.total === 0) return { ...page, items: [] };
    const rows = await this.repository.waiting(user.id, pages.limit, pages.offset);
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
    return { ...page, items };
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
    if (!clean) return { status: 400, data: await this.form(user, enrolmentId, undefined, input, errors.errors) };
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
      if (submit) {
        await this.record(manager, 'practice.submit', user.id, entryId);
        await this.tellSupervisors(manager, found, user, [{ id: entryId, ...clean }]);
      }
      return entryId;
    });
    return { redirect: `/practice/${id}` };
  }

  async update(user: SessionUser, entryId: number, input: EntryInput & { action?: string; version?: string }): Promise<FormResult> {
    const { entry, found } = await this.own(user, entryId);
    if (entry.state !== 'draft' && entry.state !== 'returned') throw new EntryChanged();
    const errors = new FieldErrors();
    const clean = await checkEntry(input, await this.context(found, entry.id), errors);
    if (!clean) return { status: 400, data: await this.form(user, entry.enrolmentId, entry.id, input, errors.errors) };
    const submit = input.action === 'submit';
    await this.transactions.run(async (manager) => {
      const changed = await this.repository.changeIfUnchanged(manager, { id: entry.id, version: Number(input.version) }, ['draft', 'returned'], {
        ...clean,
        reflectionThemes: clean.reflectionThemes as PracticeEntry['reflectionThemes'],
        state: submit ? 'submitted' : entry.state,
        submittedAt: submit ? new Date() : entry.submittedAt,
      });
      if (!changed) throw new EntryChanged();
      if (submit) {
        await this.record(manager, 'practice.submit', user.id, entry.id);
        await this.tellSupervisors(manager, found, user, [{ ...entry, ...clean }]);
      }
    });
    return { redirect: `/practice/${entry.id}` };
  }

  /** Submits drafts and returned entries: one, or several chosen on the log page. */
  async submit(user: SessionUser, entryIds: number[]): Promise<{ done: number; changed: number }> {
    let done = 0;
    let changed = 0;
    for (const id of entryIds) {
      const { entry, found } = await this.own(user, id);
      try {
        await this.transition(entry, ['draft', 'returned'], 'submitted', user.id, 'practice.submit', { submittedAt: new Date() }, {}, (manager) =>
          this.tellSupervisors(manager, found, user, [entry]),
        );
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

  /**
   * Approves the chosen entries together. Whether the supervisor may act on them is asked once for the
   * whole choice: one entry that is not theirs (or not there) and the choice is not found, with nothing
   * approved. An entry someone else decided on first is counted as changed. However many are chosen, the
   * database is asked the same few statements.
   */
  async approve(user: SessionUser, entryIds: number[]): Promise<{ done: number; changed: number }> {
    const ids = [...new Set(entryIds)];
    if (ids.length === 0) return { done: 0, changed: 0 };
    if (!user.roles.includes('supervisor') || !ids.every((id) => Number.isSafeInteger(id))) throw new NotFoundException();
    return this.transactions.run(async (manager) => {
      const found = await this.repository.supervisedAmong(manager, user.id, ids);
      if (found.length !== ids.length) throw new NotFoundException();
      const byId = new Map(found.map((entry) => [entry.id, entry]));
      const waiting = ids.map((id) => byId.get(id)!).filter((entry) => entry.state === 'submitted');
      if (waiting.length > 0) {
        const changes: EntryChanges = { decidedAt: new Date(), decidedBy: user.id, returnComment: null };
        await this.repository.decideAll(manager, waiting.map((entry) => entry.id), 'submitted', 'approved', changes);
        await this.ledger.appendMany(
          manager,
          waiting.map((entry) => this.ledgerEntry('practice.approve', user.id, { ...entry, ...changes, state: 'approved', version: entry.version + 1 })),
        );
        await this.tellStudentsOfApprovals(manager, waiting);
      }
      return { done: waiting.length, changed: ids.length - waiting.length };
    });
  }

  async returnEntry(user: SessionUser, entryId: number, comment: string | undefined): Promise<FormResult> {
    const { entry, found } = await this.supervised(user, entryId);
    const text = (comment ?? '').trim();
    const errors = new FieldErrors();
    if (!text) errors.add('comment', 'practice.error.commentRequired');
    else if (text.length > 4000) errors.add('comment', 'practice.error.tooLong', { max: 4000 });
    if (errors.any) return { status: 400, data: await this.entryPage(user, entryId, { errors: errors.errors, values: { comment: text } }) };
    await this.transition(entry, ['submitted'], 'returned', user.id, 'practice.return', { decidedAt: new Date(), decidedBy: user.id, returnComment: text }, { comment: text }, (manager) =>
      this.notifications.record(manager, [found.enrolment.studentId], 'entries_returned', { enrolmentId: entry.enrolmentId, entries: entryItems(found.programme.content, [entry], text) }),
    );
    return { redirect: `/practice/${entry.id}` };
  }

  /** Undoes an approval: a separate, recorded act with a reason; the entry goes back to the student. */
  async revoke(user: SessionUser, entryId: number, reason: string | undefined): Promise<FormResult> {
    const { entry, found } = await this.supervised(user, entryId);
    const text = (reason ?? '').trim();
    const errors = new FieldErrors();
    if (!text) errors.add('reason', 'practice.error.reasonRequired');
    else if (text.length > 4000) errors.add('reason', 'practice.error.tooLong', { max: 4000 });
    if (errors.any) return { status: 400, data: await this.entryPage(user, entryId, { errors: errors.errors, values: { reason: text } }) };
    await this.transition(entry, ['approved'], 'returned', user.id, 'practice.revoke', { decidedAt: new Date(), decidedBy: user.id, returnComment: text }, { comment: text }, (manager) =>
      this.notifications.record(manager, [found.enrolment.studentId], 'entries_returned', { enrolmentId: entry.enrolmentId, entries: entryItems(found.programme.content, [entry], text) }),
    );
    return { redirect: `/practice/${entry.id}` };
  }

  // ---- the rules underneath

  /**
   * Moves an entry from one of `from` to `to`, only if nobody changed it since it was read
   * (same version, same state); the ledger record, and what `alongside` writes (the notifications), in
   * the same transaction.
   */
  private async transition(
    entry: PracticeEntry,
    from: EntryState[],
    to: EntryState,
    actorId: number,
    action: string,
    changes: EntryChanges,
    extra: Record<string, unknown> = {},
    alongside?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    if (!from.includes(entry.state)) throw new EntryChanged();
    await this.transactions.run(async (manager) => {
      if (!(await this.repository.changeIfUnchanged(manager, entry, [entry.state], { ...changes, state: to }))) throw new EntryChanged();
      await this.record(manager, action, actorId, entry.id, extra);
      await alongside?.(manager);
    });
  }

  /** The enrolment's supervisors are told of entries sent in, in the transaction that sends them. */
  private tellSupervisors(manager: EntityManager, found: EnrolmentAccess, student: SessionUser, entries: Pick<PracticeEntry, 'id' | 'date' | 'quarterHours' | 'category'>[]): Promise<void> {
    const supervisors = (found.enrolment.supervisors ?? []).map((s) => s.id).filter((id) => id !== student.id);
    return this.notifications.record(manager, supervisors, 'waiting_entries', {
      enrolmentId: found.enrolment.id,
      student: found.enrolment.student?.name ?? student.name,
      entries: entryItems(found.programme.content, entries),
    });
  }

  /** Each student whose entries were approved together is told once, of all of them. */
  private async tellStudentsOfApprovals(manager: EntityManager, approved: PracticeEntry[]): Promise<void> {
    const enrolments = await this.repository.enrolmentsOf(manager, [...new Set(approved.map((entry) => entry.enrolmentId))]);
    for (const enrolment of enrolments) {
      const { content } = await this.curricula.getVersion(enrolment.versionId);
      const entries = approved.filter((entry) => entry.enrolmentId === enrolment.id);
      await this.notifications.record(manager, [enrolment.studentId], 'entries_approved', { enrolmentId: enrolment.id, entries: entryItems(content, entries) });
    }
  }

  /** A ledger record with the entry's content as it is now, inside the caller's transaction. */
  private async record(manager: EntityManager, action: string, actorId: number, entryId: number, extra: Record<string, unknown> = {}): Promise<void> {
    const entry = await manager.findOneByOrFail(PracticeEntry, { id: entryId });
    await this.ledger.append(manager, this.ledgerEntry(action, actorId, entry, extra));
  }

  private ledgerEntry(action: string, actorId: number, entry: PracticeEntry, extra: Record<string, unknown> = {}): LedgerEntry {
    return {
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
    };
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
      otherQuartersThatDay: (date: string) => this.repository.quartersOn(found.enrolment.id, date, excludeEntryId),
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

  private actorNames(ids: (number | null)[]): Promise<Map<number, string>> {
    return this.repository.names([...new Set(ids.filter((id): id is number => id !== null))]);
  }

  private viewer(found: EnrolmentAccess) {
    return { isStudent: found.isStudent, isSupervisor: found.relations.has('supervisor') };
  }
}

/**
 * Entries as a notification tells of them: date, hours and category, and the supervisor's comment where the
 * student needs it; never the description or the reflection, which may tell of the people the student met.
 */
function entryItems(content: CurriculumContent, entries: Pick<PracticeEntry, 'id' | 'date' | 'quarterHours' | 'category'>[], comment?: string): EntryItem[] {
  return entries.map((entry) => ({
    entryId: entry.id,
    date: entry.date,
    hours: entry.quarterHours / 4,
    category: content.practice.categories.find((c) => c.key === entry.category)?.title ?? { nb: entry.category },
    ...(comment ? { comment } : {}),
  }));
}
