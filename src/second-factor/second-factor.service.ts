import { Inject, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import * as QRCode from 'qrcode';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CountedAttempt, LoginThrottleRepository } from '../auth/login-throttle.repository';
import { SessionStore } from '../auth/session-store';
import { ACCOUNT_LIMIT } from '../auth/throttle-policy';
import { FieldError, FormResult } from '../common/form-result';
import { safeNext } from '../common/safe-next';
import { SECOND_FACTOR_PATH, SecondFactorGate, SecondFactorSource, SecondFactorStep } from '../common/second-factor-gate';
import type { SessionUser } from '../common/session-user';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { verifyPassword } from '../users/passwords';
import { User } from '../users/user.entity';
import type { CodeForm, DisableForm } from './dto';
import { mustHaveSecondFactor } from './policy';
import { newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes';
import { SecondFactorRepository } from './second-factor.repository';
import { groupedSecret, totpStep, totpUri } from './totp';

export const ENROL_PATH = '/second-factor/enrol';

/** A code refused, with what to say beside its field and the answer's status. */
interface Refusal {
  status: number;
  error: FieldError;
}

/** Wrong codes (and recovery codes, and passwords given to turn the factor off) are counted per person like passwords. */
const throttleKey = (userId: number) => [{ key: `second-factor:${userId}`, limit: ACCOUNT_LIMIT }];

/** A session still owing its second factor sees no navigation: every link would lead back here. */
const PENDING = { nav: [], secondFactorPending: true };

/** Too many wrong tries: the answer, with the minutes left. */
const locked = (lockedMs: number): Refusal => ({ status: 429, error: { key: 'secondFactor.error.throttled', params: { minutes: Math.max(1, Math.ceil(lockedMs / 60_000)) } } });

/** A wrong try; the one that reached the limit has locked it, which is said now rather than at the next try. */
const wrongTry = (attempt: CountedAttempt, refusal: Refusal): Refusal => (attempt.lockedMs > 0 ? locked(attempt.lockedMs) : refusal);

const withNext = (path: string, next: string) => (next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`);

/**
 * The second factor: time-based codes (RFC 6238) from an authenticator app, enrolled with a QR code and a first
 * code, and single-use recovery codes. It tells the global guard what a signed-in session still owes (see
 * SecondFactorGate), and marks the session once the code is given.
 */
@Injectable()
export class SecondFactorService implements SecondFactorSource, OnModuleInit {
  constructor(
    private readonly factors: SecondFactorRepository,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly throttle: LoginThrottleRepository,
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly gate: SecondFactorGate,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.gate.register(this);
  }

  async stepFor(user: SessionUser): Promise<SecondFactorStep> {
    if (await this.factors.enabledAt(user.id)) return 'code';
    return this.required(user) ? 'enrol' : 'none';
  }

  required(user: SessionUser): boolean {
    return mustHaveSecondFactor(user.roles, this.config.requireSecondFactor);
  }

  // ---- signing in

  /** Where a signed-in session goes for its second factor: the code page, enrolment, or on, when it owes nothing. */
  async codeStep(req: Request, user: SessionUser, next: string): Promise<FormResult> {
    if (!this.gate.passed(req, user)) {
      const step = await this.gate.stepFor(req, user);
      if (step === 'code') return { status: 200, data: this.codePage(next) };
      if (step === 'enrol') return { redirect: withNext(ENROL_PATH, next) };
    }
    return { redirect: next };
  }

  /** The recovery-code page, for a session that owes a code; any other goes where `codeStep` sends it. */
  async recoveryStep(req: Request, user: SessionUser, next: string): Promise<FormResult> {
    return (await this.owesCode(req, user)) ? { status: 200, data: this.recoveryPage(next) } : this.codeStep(req, user, next);
  }

  codePage(next: string, errors: Record<string, FieldError> = {}) {
    return { title: 'secondFactor.code.title', values: { next: next === '/' ? '' : next }, errors, ...PENDING, recoveryHref: withNext(`${SECOND_FACTOR_PATH}/recovery`, next) };
  }

  recoveryPage(next: string, errors: Record<string, FieldError> = {}) {
    return { title: 'secondFactor.recovery.title', values: { next: next === '/' ? '' : next }, errors, ...PENDING, codeHref: withNext(SECOND_FACTOR_PATH, next) };
  }

  /** A code from the app completes the sign-in; a wrong one, one used before, or too many tries are refused beside the field. */
  async signInWithCode(req: Request, user: SessionUser, form: CodeForm): Promise<FormResult> {
    const next = safeNext(form.next);
    if (!(await this.owesCode(req, user))) return this.codeStep(req, user, next);
    const refusal = await this.checkCode(user.id, form.code, req.ip);
    if (refusal) return { status: refusal.status, data: this.codePage(next, { code: refusal.error }) };
    await this.pass(req, user, 'code');
    return { redirect: next };
  }

  /** A recovery code completes the sign-in once; the page after it says how many are left. */
  async signInWithRecoveryCode(req: Request, user: SessionUser, form: CodeForm): Promise<FormResult> {
    const next = safeNext(form.next);
    if (!(await this.owesCode(req, user))) return this.codeStep(req, user, next);
    const now = Date.now();
    const attempt = await this.throttle.countUnder(throttleKey(user.id), now);
    let refusal = attempt.mayCheck ? undefined : locked(attempt.lockedMs);
    if (!refusal) {
      const code = normaliseRecoveryCode(form.code);
      if (!code || !(await this.factors.useRecoveryCode(user.id, code, now))) refusal = wrongTry(attempt, { status: 401, error: 'secondFactor.recovery.error.wrong' });
    }
    if (refusal) {
      await this.audit.record({ kind: 'second_factor_failed', actorId: user.id, subjectId: user.id, address: req.ip ?? null, detail: { method: 'recovery_code', throttled: refusal.status === 429 } });
      return { status: refusal.status, data: this.recoveryPage(next, { code: refusal.error }) };
    }
    await this.throttle.forget(throttleKey(user.id)[0].key);
    const left = await this.factors.recoveryCodesLeft(user.id);
    await this.audit.record({ kind: 'recovery_code_used', actorId: user.id, subjectId: user.id, address: req.ip ?? null, detail: { left } });
    await this.pass(req, user, 'recovery_code');
    return { status: 200, data: { title: 'secondFactor.recoveryUsed.title', left, next } };
  }

  private async owesCode(req: Request, user: SessionUser): Promise<boolean> {
    return !this.gate.passed(req, user) && (await this.gate.stepFor(req, user)) === 'code';
  }

  /**
   * Checks a code from the app against the person's factor. Every try is counted before it is checked, as sign-in
   * attempts are; a right code is taken only if its time step is later than the last one taken.
   */
  private async checkCode(userId: number, input: string, address: string | undefined): Promise<Refusal | undefined> {
    const now = Date.now();
    const attempt = await this.throttle.countUnder(throttleKey(userId), now);
    let refusal = attempt.mayCheck ? undefined : locked(attempt.lockedMs);
    let replayed = false;
    if (!refusal) {
      const factor = await this.factors.find(userId);
      const step = factor?.secret && factor.enabledAt ? await totpStep(factor.secret, input, now) : undefined;
      if (step !== undefined && (await this.factors.takeStep(userId, step))) {
        await this.throttle.forget(throttleKey(userId)[0].key);
        return undefined;
      }
      replayed = step !== undefined;
      refusal = wrongTry(attempt, { status: 401, error: replayed ? 'secondFactor.code.error.used' : 'secondFactor.code.error.wrong' });
    }
    await this.audit.record({ kind: 'second_factor_failed', actorId: userId, subjectId: userId, address: address ?? null, detail: { method: 'code', replayed, throttled: refusal.status === 429 } });
    return refusal;
  }

  /**
   * The session has given its second factor: marked so for this sign-in, and given a new id, as sign-in does, since
   * it can now do more than it could; the form token of the session before is not carried over.
   */
  private async pass(req: Request, user: SessionUser, method: string): Promise<void> {
    this.gate.markPassed(req, user);
    delete req.session.csrfToken;
    await new Promise<void>((resolve, reject) => req.logIn(user, { session: true, keepSessionInfo: true }, (error) => (error ? reject(error) : resolve())));
    await this.audit.record({ kind: 'second_factor_passed', actorId: user.id, subjectId: user.id, address: req.ip ?? null, detail: { method } });
  }

  // ---- enrolment

  /** The QR code and the secret of a new factor, with the field for its first code; a person who has one goes on. */
  async enrolment(req: Request, user: SessionUser, next: string): Promise<FormResult> {
    if (await this.factors.enabledAt(user.id)) return this.gate.passed(req, user) ? { redirect: '/profile' } : this.codeStep(req, user, next);
    return { status: 200, data: await this.enrolmentPage(req, user, next) };
  }

  async enrolmentPage(req: Request, user: SessionUser, next: string, errors: Record<string, FieldError> = {}) {
    const secret = await this.factors.pendingSecret(user.id);
    const qrSvg = await QRCode.toString(totpUri(secret, user.email), { type: 'svg', width: 224, margin: 2, errorCorrectionLevel: 'M' });
    const pending = !this.gate.passed(req, user);
    return {
      title: 'secondFactor.enrol.title',
      // Made by the qrcode library from our own address: paths and attributes only, nothing a person typed.
      qrSvg: qrSvg.replace('<svg ', '<svg aria-hidden="true" focusable="false" '),
      secret: groupedSecret(secret),
      required: this.required(user),
      values: { next: next === '/' ? '' : next },
      errors,
      ...(pending ? PENDING : {}),
    };
  }

  /**
   * The first code turns the factor on, with ten new recovery codes shown once, and signs out the person's other
   * sessions, which were opened without it. A session that owed the factor has now given it.
   */
  async confirmEnrolment(req: Request, user: SessionUser, sid: string, form: CodeForm): Promise<FormResult> {
    const next = safeNext(form.next);
    if (await this.factors.enabledAt(user.id)) return { redirect: '/profile' };
    const factor = await this.factors.find(user.id);
    if (!factor?.secret) return { redirect: withNext(ENROL_PATH, next) };
    const now = Date.now();
    const step = await totpStep(factor.secret, form.code, now);
    if (step === undefined) {
      const error = form.code.trim() ? 'secondFactor.enrol.error.wrong' : 'secondFactor.enrol.error.required';
      return { status: 400, data: await this.enrolmentPage(req, user, next, { code: error }) };
    }
    const codes = newRecoveryCodes();
    const enabled = await this.transactions.run(async (manager) => {
      if (!(await this.factors.enable(manager, user.id, step, now))) return false;
      await this.factors.replaceRecoveryCodes(manager, user.id, codes);
      await this.sessions.endAllFor(user.id, sid, manager, now);
      await this.audit.record({ kind: 'second_factor_enabled', actorId: user.id, subjectId: user.id, address: req.ip ?? null }, manager);
      return true;
    });
    if (!enabled) return { redirect: '/profile' };
    const pending = !this.gate.passed(req, user);
    if (pending) await this.pass(req, user, 'enrolment');
    return { status: 200, data: { title: 'secondFactor.codes.title', codes, enrolled: true, next: pending ? next : '/profile' } };
  }

  // ---- on the profile page

  /** The profile page's section: whether the factor is on, since when, how many recovery codes are left. */
  async profileSection(user: SessionUser) {
    const enabledAt = await this.factors.enabledAt(user.id);
    return {
      enabled: enabledAt !== null,
      enabledAt: enabledAt === null ? null : new Date(enabledAt),
      recoveryLeft: enabledAt === null ? 0 : await this.factors.recoveryCodesLeft(user.id),
      required: this.required(user),
    };
  }

  /** Ten new recovery codes, shown once; the old ones stop working. */
  async renewRecoveryCodes(user: SessionUser, address: string | undefined): Promise<FormResult> {
    if (!(await this.factors.enabledAt(user.id))) return { redirect: '/profile' };
    const codes = newRecoveryCodes();
    await this.transactions.run(async (manager) => {
      await this.factors.replaceRecoveryCodes(manager, user.id, codes);
      await this.audit.record({ kind: 'recovery_codes_renewed', actorId: user.id, subjectId: user.id, address: address ?? null }, manager);
    });
    return { status: 200, data: { title: 'secondFactor.codes.title', codes, enrolled: false, next: '/profile' } };
  }

  async disablePage(user: SessionUser, errors: Record<string, FieldError> = {}) {
    return { title: 'secondFactor.disable.title', required: this.required(user), enabled: (await this.factors.enabledAt(user.id)) !== null, errors, values: {} };
  }

  /**
   * Turns the factor off, given the password or a current code (counted like sign-in attempts, so that a session
   * left open is no way to guess either). Refused to those who must have one while the installation requires it.
   */
  async disable(user: SessionUser, form: DisableForm, address: string | undefined, setFlash: (flash: object) => void): Promise<FormResult> {
    if (this.required(user)) return { status: 403, data: await this.disablePage(user) };
    if (!(await this.factors.enabledAt(user.id))) return { redirect: '/profile' };
    const refusal = form.code.trim() ? await this.checkCode(user.id, form.code, address) : await this.checkPassword(user.id, form.password);
    if (refusal) return { status: refusal.status, data: await this.disablePage(user, { [form.code.trim() ? 'code' : 'password']: refusal.error }) };
    await this.transactions.run(async (manager) => {
      await this.factors.remove(manager, user.id);
      await this.audit.record({ kind: 'second_factor_disabled', actorId: user.id, subjectId: user.id, address: address ?? null }, manager);
    });
    setFlash({ key: 'secondFactor.flash.disabled' });
    return { redirect: '/profile' };
  }

  private async checkPassword(userId: number, password: string): Promise<Refusal | undefined> {
    if (!password) return { status: 400, error: 'secondFactor.disable.error.required' };
    const attempt = await this.throttle.countUnder(throttleKey(userId));
    if (!attempt.mayCheck) return locked(attempt.lockedMs);
    const account = await this.users.createQueryBuilder('user').addSelect('user.passwordHash').where('user.id = :userId', { userId }).getOne();
    if (account?.passwordHash && (await verifyPassword(account.passwordHash, password))) {
      await this.throttle.forget(throttleKey(userId)[0].key);
      return undefined;
    }
    return wrongTry(attempt, { status: 401, error: 'secondFactor.disable.error.password' });
  }

  // ---- for administrators

  async adminPage(personId: number) {
    const person = await this.users.findOne({ select: { id: true, name: true }, where: { id: personId } });
    if (!person) throw new NotFoundException();
    const enabledAt = await this.factors.enabledAt(personId);
    return {
      title: 'secondFactor.admin.title',
      person: { id: person.id, name: person.name },
      enabled: enabledAt !== null,
      enabledAt: enabledAt === null ? null : new Date(enabledAt),
      recoveryLeft: enabledAt === null ? 0 : await this.factors.recoveryCodesLeft(personId),
    };
  }

  /**
   * Removes a person's factor (a lost phone): they enrol again at their next sign-in if they must have one. Their
   * sessions end with it, in case the phone was stolen with one open; an administrator resetting their own keeps this one.
   */
  async adminReset(admin: SessionUser, personId: number, sid: string, address: string | undefined, setFlash: (flash: object) => void): Promise<FormResult> {
    const person = await this.users.findOne({ select: { id: true }, where: { id: personId } });
    if (!person) throw new NotFoundException();
    await this.transactions.run(async (manager) => {
      if (!(await this.factors.remove(manager, personId))) return;
      const ended = await this.sessions.endAllFor(personId, personId === admin.id ? sid : undefined, manager);
      await this.audit.record(
        { kind: 'second_factor_disabled', actorId: admin.id, subjectId: personId, object: { type: 'user', id: personId }, address: address ?? null, detail: { reset: true, sessionsEnded: ended } },
        manager,
      );
    });
    setFlash({ key: 'secondFactor.admin.flash.reset' });
    return { redirect: `/people/${personId}/second-factor` };
  }
}
