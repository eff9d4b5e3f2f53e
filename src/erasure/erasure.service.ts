import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FileStore } from '../assignments/file-store';
import { AuditService } from '../audit/audit.service';
import { LoginThrottleRepository } from '../auth/login-throttle.repository';
import { ACCOUNT_LIMIT } from '../auth/throttle-policy';
import { FieldErrors, FormResult } from '../common/form-result';
import type { SessionUser } from '../common/session-user';
import { Transactions } from '../database/transactions';
import { LedgerService } from '../ledger/ledger.service';
import { verifyPassword } from '../users/passwords';
import { LastAdministrator, UsersService } from '../users/users.service';
import type { ErasureRequestForm } from './dto';
import { ERASURE_STEPS, ErasureContext } from './erasure-steps';
import { ErasureRepository } from './erasure.repository';

type Flash = (flash: object) => void;
/** Who acts and from where, as `actorOf(req)` reads it. */
export interface Actor {
  actorId: number | null;
  address: string | null;
}

/** Completed erasures shown under the waiting ones. */
const RECENT_COMPLETED = 20;

/** The request was cancelled or confirmed by someone else meanwhile. */
class NoLongerWaiting extends Error {}

/**
 * Erasure of a person's data: the person (or an administrator for them) asks, an administrator confirms,
 * and the confirmation erases in one transaction, table by table (see erasure-steps.ts); attachments leave
 * the disk once it has committed.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger('Erasure');

  constructor(
    private readonly repository: ErasureRepository,
    private readonly transactions: Transactions,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleRepository,
    private readonly files: FileStore,
  ) {}

  // ---- the person's own page

  async ownPage(user: SessionUser, errors: Record<string, unknown> = {}) {
    const waiting = await this.repository.waitingFor(user.id);
    return {
      title: 'erasure.own.title',
      errors,
      values: {},
      waiting: waiting && { requestedAt: new Date(waiting.requestedAt), byAdministrator: waiting.requestedBy !== user.id },
    };
  }

  /** The person's own request, confirmed with their password; wrong guesses count like those at a password change. */
  async request(user: SessionUser, form: ErasureRequestForm, actor: Actor, setFlash: Flash): Promise<FormResult> {
    const errors = new FieldErrors();
    const attempt = await this.throttle.countUnder([{ key: `password-change:${user.id}`, limit: ACCOUNT_LIMIT }]);
    const hash = await this.repository.passwordHash(user.id);
    if (!attempt.mayCheck) errors.add('password', 'erasure.error.throttled', { minutes: Math.max(1, Math.ceil(attempt.lockedMs / 60_000)) });
    else if (!form.password) errors.add('password', 'erasure.error.passwordRequired');
    else if (!hash || !(await verifyPassword(hash, form.password))) errors.add('password', 'erasure.error.password');
    if (errors.any) return { status: attempt.mayCheck ? 400 : 429, data: await this.ownPage(user, errors.errors) };
    await this.open(user.id, actor);
    setFlash({ key: 'erasure.flash.requested' });
    return { redirect: '/profile/erasure' };
  }

  async cancelOwn(user: SessionUser, actor: Actor, setFlash: Flash): Promise<FormResult> {
    const waiting = await this.repository.waitingFor(user.id);
    if (waiting) await this.cancel(waiting.id, user.id, actor);
    setFlash({ key: 'erasure.flash.cancelled' });
    return { redirect: '/profile/erasure' };
  }

  // ---- the administrators' pages

  async list() {
    const [waiting, completed] = await Promise.all([this.repository.waiting(), this.repository.completed(RECENT_COMPLETED)]);
    return {
      title: 'erasure.admin.title',
      waiting: waiting.map((w) => ({ ...w, requestedAt: new Date(w.requestedAt), bySelf: w.requestedBy === w.userId })),
      completed: completed.map((c) => ({ id: c.id, userId: c.userId, completedAt: new Date(c.completedAt!), byRetention: c.confirmedBy === null })),
    };
  }

  /** The page from which an administrator asks for a person's erasure on their behalf. */
  async forPersonPage(userId: number) {
    const person = await this.erasable(userId);
    const waiting = await this.repository.waitingFor(userId);
    return { titleText: { nb: person.name }, person, waitingId: waiting?.id, counts: await this.repository.counts(userId) };
  }

  async requestFor(actor: Actor & { actorId: number }, userId: number): Promise<FormResult> {
    await this.erasable(userId);
    const waiting = await this.repository.waitingFor(userId);
    const id = waiting?.id ?? (await this.open(userId, actor));
    return { redirect: `/erasure-requests/${id}` };
  }

  /** A waiting request with what confirming it removes; a settled or unknown one is not found. */
  async requestPage(actor: SessionUser, id: number, errors: Record<string, unknown> = {}) {
    const request = await this.repository.findRequest(id);
    if (!request || request.state !== 'requested') throw new NotFoundException();
    const person = await this.repository.person(request.userId);
    if (!person) throw new NotFoundException();
    return {
      titleText: { nb: person.name },
      request: { id: request.id, requestedAt: new Date(request.requestedAt), bySelf: request.requestedBy === request.userId },
      person,
      isSelf: actor.id === person.id,
      counts: await this.repository.counts(person.id),
      errors,
    };
  }

  async confirm(admin: SessionUser, id: number, actor: Actor, setFlash: Flash): Promise<FormResult> {
    const request = await this.repository.findRequest(id);
    if (!request || request.state !== 'requested') throw new NotFoundException();
    let files: string[];
    try {
      files = await this.transactions.run(async (manager) => {
        await this.users.keepAnAdministrator(manager, request.userId);
        if (!(await this.repository.settle(manager, id, { state: 'completed', confirmedBy: admin.id, completedAt: Date.now() }))) throw new NoLongerWaiting();
        const erased = await this.erase(manager, request.userId);
        await this.audit.record({ kind: 'erasure_completed', ...actor, subjectId: request.userId, object: { type: 'erasure_request', id }, detail: { enrolments: erased.enrolmentIds.length, files: erased.files.length } }, manager);
        return erased.files;
      });
    } catch (error) {
      if (error instanceof NoLongerWaiting) throw new NotFoundException();
      if (!(error instanceof LastAdministrator)) throw error;
      return { status: 400, data: await this.requestPage(admin, id, { confirm: 'erasure.error.lastAdmin' }) };
    }
    await this.removeFiles(files);
    setFlash({ key: 'erasure.flash.completed', id: request.userId });
    return { redirect: '/erasure-requests' };
  }

  async cancelByAdmin(admin: SessionUser, id: number, actor: Actor, setFlash: Flash): Promise<FormResult> {
    const request = await this.repository.findRequest(id);
    if (!request || request.state !== 'requested') throw new NotFoundException();
    await this.cancel(id, admin.id, actor);
    setFlash({ key: 'erasure.flash.declined', id: request.userId });
    return { redirect: '/erasure-requests' };
  }

  // ---- the erasure itself, for a confirmed request and for the retention job

  /**
   * Erases one person inside the caller's transaction, every step of ERASURE_STEPS in order; answers their
   * enrolments and the stored names of attachments to delete from disk after the commit.
   */
  async erase(manager: EntityManager, userId: number): Promise<Pick<ErasureContext, 'enrolmentIds' | 'files'>> {
    const person = await this.repository.person(userId, manager);
    if (!person) throw new NotFoundException();
    const context: ErasureContext = { manager, ledger: this.ledger, userId, name: person.name, email: person.email, enrolmentIds: await this.repository.enrolmentIds(manager, userId), files: [] };
    for (const step of ERASURE_STEPS) await step.run(context);
    return { enrolmentIds: context.enrolmentIds, files: context.files };
  }

  /** Erases a person whose retention period has passed, recording a completed request no one made. */
  async eraseForRetention(userId: number, now: number): Promise<void> {
    const files = await this.transactions.run(async (manager) => {
      if (await this.repository.erased(userId, manager)) return [];
      const waiting = await this.repository.waitingFor(userId, manager);
      const done = { state: 'completed' as const, confirmedBy: null, completedAt: now };
      if (waiting) await this.repository.settle(manager, waiting.id, done);
      else await this.repository.insert(manager, { userId, requestedBy: null, requestedAt: now, cancelledBy: null, cancelledAt: null, ...done });
      return (await this.erase(manager, userId)).files;
    });
    await this.removeFiles(files);
  }

  async removeFiles(files: string[]): Promise<void> {
    // The rows are gone already; a file left behind is logged by its random name for the operator to remove.
    await this.files.remove(files).catch((error: unknown) => this.logger.error(`Could not delete attachments ${files.join(', ')}: ${String(error)}`));
  }

  // ---- shared

  /** A person who exists and has not been erased; anyone else is not found. */
  private async erasable(userId: number) {
    const person = await this.repository.person(userId);
    if (!person || (await this.repository.erased(userId))) throw new NotFoundException();
    return person;
  }

  /** Opens a request unless one waits already; answers its id. */
  private open(userId: number, actor: Actor): Promise<number> {
    return this.transactions.run(async (manager) => {
      const waiting = await this.repository.waitingFor(userId, manager);
      if (waiting) return waiting.id;
      const id = await this.repository.insert(manager, { userId, requestedBy: actor.actorId, requestedAt: Date.now(), state: 'requested', cancelledBy: null, cancelledAt: null, confirmedBy: null, completedAt: null });
      await this.audit.record({ kind: 'erasure_requested', ...actor, subjectId: userId, object: { type: 'erasure_request', id } }, manager);
      return id;
    });
  }

  private async cancel(id: number, by: number, actor: Actor): Promise<void> {
    await this.transactions.run(async (manager) => {
      const request = await this.repository.findRequest(id, manager);
      if (!request || !(await this.repository.settle(manager, id, { state: 'cancelled', cancelledBy: by, cancelledAt: Date.now() }))) return;
      await this.audit.record({ kind: 'erasure_cancelled', ...actor, subjectId: request.userId, object: { type: 'erasure_request', id } }, manager);
    });
  }
}
