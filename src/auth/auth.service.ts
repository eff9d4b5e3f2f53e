import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { isLocale } from '../i18n/i18n';
import { toSessionUser, UsersService } from '../users/users.service';
import { LoginThrottleRepository } from './login-throttle.repository';
import { verifyAgainstNothing, verifyPassword } from '../users/passwords';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie';
import type { SessionUser } from '../common/session-user';

export type Refusal = { reason: 'invalid' } | { reason: 'throttled'; minutes: number };

const throttled = (lockedMs: number): { refusal: Refusal } => ({ refusal: { reason: 'throttled', minutes: Math.max(1, Math.ceil(lockedMs / 60_000)) } });

/** Sign-in rules (passwords, throttling per account and per address), sign-out and the chosen language. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Every attempt is counted before its password is checked, so that attempts sent together cannot slip
   * past the limits; only those within both limits are checked at all.
   */
  async checkCredentials(email: string, password: string, address: string | undefined): Promise<{ user: SessionUser } | { refusal: Refusal }> {
    const attempt = await this.throttle.countAttempt(email, address);
    if (!attempt.mayCheck) {
      const locked = await this.users.findForSignIn(email);
      await this.audit.record({ kind: 'sign_in_throttled', subjectId: locked?.id ?? null, address: address ?? null });
      return throttled(attempt.lockedMs);
    }

    const user = await this.users.findForSignIn(email);
    const valid = user?.passwordHash && user.active ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
    if (!valid || !user) {
      this.logger.warn(`Failed sign-in from ${address ?? 'unknown address'}`);
      // Only an account's id is kept: an address typed by mistake may be someone else's, and is not logged.
      await this.audit.record({ kind: attempt.lockedMs > 0 ? 'sign_in_throttled' : 'sign_in_failed', subjectId: user?.id ?? null, address: address ?? null });
      // The attempt that reached a limit has locked it: say so now rather than at the next try.
      return attempt.lockedMs > 0 ? throttled(attempt.lockedMs) : { refusal: { reason: 'invalid' } };
    }
    await this.throttle.signedIn(email, address);
    await this.users.recordSignIn(user.id);
    await this.audit.record({ kind: 'sign_in', actorId: user.id, subjectId: user.id, address: address ?? null });
    return { user: toSessionUser(user) };
  }

  /** Signs out: the session is ended in the store before the answer, and the browser told to forget its cookie. */
  async signOut(req: Request, res: Response): Promise<void> {
    const user = req.user as SessionUser | undefined;
    if (user) await this.audit.record({ kind: 'sign_out', actorId: user.id, subjectId: user.id, address: req.ip ?? null });
    await new Promise<void>((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
    await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config.env === 'production'));
  }

  /** Remembers the chosen language: on the account when signed in, else in the session. */
  async chooseLocale(req: Request, locale: string): Promise<void> {
    if (!isLocale(locale)) return;
    const user = req.user as SessionUser | undefined;
    if (user) await this.users.setLocale(user.id, locale);
    req.session.locale = locale;
  }
}
