import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { LoginThrottleRepository } from '../auth/login-throttle.repository';
import type { ThrottleLimit } from '../auth/throttle-policy';
import { FormResult } from '../common/form-result';
import { Transactions } from '../database/transactions';
import { MailService } from '../mail/mail.service';
import { hashPassword } from '../users/passwords';
import { User } from '../users/user.entity';
import { normaliseEmail } from '../users/users.service';
import { InvitationsRepository } from './invitations.repository';
import { PasswordChangeService } from './password-change.service';
import { PasswordReset } from './password-reset.entity';
import { asFieldErrors, checkNewPassword } from './password-rules';
import { hashToken, looksLikeToken, newToken } from './tokens';

const MINUTE = 60_000;
export const RESET_VALID_MS = 60 * MINUTE;

/** Links asked for one address: three an hour, so that nobody's mailbox is flooded. */
export const RESET_ADDRESS_LIMIT: ThrottleLimit = { attempts: 3, windowMs: 60 * MINUTE, lockMs: 60 * MINUTE };
/** Requests from one client, whatever the address: enough for an office, too few to probe many addresses. */
export const RESET_CLIENT_LIMIT: ThrottleLimit = { attempts: 10, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

export type ResetRequestAnswer = { throttled: false } | { throttled: true; minutes: number };

/**
 * "Forgot password": a one-time link valid one hour, mailed to the address if an active account has it.
 * The answer is the same whether or not it has: the lookup and the mail happen after the answer is sent.
 */
@Injectable()
export class PasswordResetsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('PasswordResets');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @InjectRepository(PasswordReset) private readonly resets: Repository<PasswordReset>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly throttle: LoginThrottleRepository,
    private readonly transactions: Transactions,
    private readonly mail: MailService,
    private readonly passwords: PasswordChangeService,
    private readonly accounts: InvitationsRepository,
  ) {}

  /**
   * Counts the request under the address and the client before anything else. A client over its limit is
   * told to wait; an address over its limit gets no more mail, without a word that would tell it apart.
   */
  async request(email: string, client: string | undefined, pageLocale: string, now = Date.now()): Promise<ResetRequestAnswer> {
    const address = normaliseEmail(email);
    const counted = await this.throttle.countUnder(
      [
        { key: `reset-email:${address}`, limit: RESET_ADDRESS_LIMIT },
        { key: `reset-ip:${client ?? 'unknown'}`, limit: RESET_CLIENT_LIMIT },
      ],
      now,
    );
    const [forAddress, forClient] = counted.each;
    // Requests sent together may see a lock set a moment after they began: never more than the lock's length.
    if (!forClient.mayCheck) return { throttled: true, minutes: Math.max(1, Math.ceil(Math.min(forClient.lockedMs, RESET_CLIENT_LIMIT.lockMs) / MINUTE)) };
    if (forAddress.mayCheck) this.afterAnswering(() => this.send(address, pageLocale, now));
    return { throttled: false };
  }

  /** Resolves once every link asked for so far has been written (or found unnecessary): for shutdown and tests. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  /** The account a valid link belongs to, or null for a link used, replaced, expired, unknown or of a deactivated account. */
  async find(token: string, now = Date.now()): Promise<{ reset: PasswordReset; user: User } | null> {
    if (!looksLikeToken(token)) return null;
    const reset = await this.resets.findOne({ where: { tokenHash: hashToken(token) } });
    if (!reset || reset.usedAt !== null || reset.expiresAt <= now) return null;
    const user = await this.users.findOne({ where: { id: reset.userId, active: true } });
    return user ? { reset, user } : null;
  }

  /** The form for a valid link; null when the link does not work. */
  async form(token: string) {
    const found = await this.find(token);
    return found ? { title: 'accounts.reset.title', email: found.user.email, token } : null;
  }

  /**
   * Sets the new password, spends the link and ends every session of the person, in one transaction, and
   * mails a notice to the address. Null when the link does not work (any more).
   */
  async choose(token: string, password: string, confirm: string, now = Date.now()): Promise<FormResult | null> {
    const found = await this.find(token, now);
    if (!found) return null;
    const problems = checkNewPassword(password, confirm);
    if (problems.length > 0) return { status: 400, data: { title: 'accounts.reset.title', email: found.user.email, token, errors: asFieldErrors(problems) } };
    const passwordHash = await hashPassword(password);
    const changed = await this.transactions.run(async (manager) => {
      const spent = await manager.getRepository(PasswordReset).update({ id: found.reset.id, usedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now });
      if (!spent.affected) return false;
      await this.passwords.apply(manager, found.user, passwordHash, { now, kind: 'password_reset' });
      return true;
    });
    if (!changed) return null;
    await this.passwords.clearSignInLock(found.user.email);
    return { redirect: '/login?welcome=1' };
  }

  /** Runs after the answer has gone out, so that its time does not tell whether the address has an account. */
  private afterAnswering(work: () => Promise<void>): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: unknown) => this.logger.error(`Could not send a password link: ${error instanceof Error ? error.stack : String(error)}`))
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  /** A new link for an active account with this address, mailed; its earlier links stop working. Nothing for any other address. */
  private async send(address: string, pageLocale: string, now: number): Promise<void> {
    const user = await this.users.findOne({ where: { email: address } });
    if (!user || !user.active) return;
    const token = newToken();
    const expiresAt = now + RESET_VALID_MS;
    await this.transactions.run(async (manager) => {
      await this.accounts.lockAccount(manager, user.id);
      const resets = manager.getRepository(PasswordReset);
      await resets.delete({ userId: user.id, usedAt: IsNull() });
      await resets.insert({ userId: user.id, tokenHash: hashToken(token), expiresAt, usedAt: null });
      await this.mail.enqueue(
        // The person's own language; one who never chose gets the language they asked in.
        { to: user.email, template: 'password-reset', locale: user.locale ?? pageLocale, data: { name: user.name, path: `/reset-password/${token}`, expiresAt: new Date(expiresAt) } },
        manager,
        now,
      );
    });
  }
}
