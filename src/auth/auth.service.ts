import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { isLocale } from '../i18n/i18n';
import { safeNext } from '../common/safe-next';
import { toSessionUser, UsersService } from '../users/users.service';
import { LoginThrottleService } from './login-throttle.service';
import { verifyAgainstNothing, verifyPassword } from '../users/passwords';
import type { SessionUser } from '../common/session-user';
import type { SignInDto } from './dto/sign-in.dto';

type Refusal = { reason: 'invalid' } | { reason: 'throttled'; minutes: number };

export type SignInOutcome =
  | { ok: true; next: string }
  | { ok: false; status: number; message: string; params?: Record<string, unknown> };

declare module 'express-session' {
  interface SessionData {
    locale?: string;
    /** A one-time message for the next page. */
    flash?: object;
    /** The signed-in person's id, under the key passport used, so sessions from before keep working. */
    passport?: { user?: number };
  }
}

/** Sign-in with passport-local, throttled per account and per address; sessions carry only the user's id. */
@Injectable()
export class AuthService {
  readonly passport = new Passport();
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
  ) {
    this.passport.use(
      'local',
      new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
        this.checkCredentials(email, password, req.ip)
          .then((result) => ('user' in result ? done(null, result.user) : done(null, false, { message: result.refusal.reason, ...result.refusal })))
          .catch((error) => done(error));
      }),
    );
  }

  /**
   * The signed-in person of each request, looked up by the id the session keeps. An account that has been
   * deactivated or removed since is signed out here, on its next request.
   */
  readonly signedInUser = (req: Request, _res: Response, next: NextFunction): void => {
    const id = req.session?.passport?.user;
    if (id === undefined) return next();
    this.users.sessionUser(id).then((user) => {
      if (user) req.user = user;
      else delete req.session.passport!.user;
      next();
    }, next);
  };

  async checkCredentials(email: string, password: string, address: string | undefined): Promise<{ user: SessionUser } | { refusal: Refusal }> {
    const lockedMs = await this.throttle.lockedFor(email, address);
    if (lockedMs > 0) return { refusal: { reason: 'throttled', minutes: Math.ceil(lockedMs / 60_000) } };

    const user = await this.users.findForSignIn(email);
    const valid = user?.passwordHash && user.active ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
    if (!valid || !user) {
      await this.throttle.recordFailure(email, address);
      this.logger.warn(`Failed sign-in from ${address ?? 'unknown address'}`);
      const nowLocked = await this.throttle.lockedFor(email, address);
      if (nowLocked > 0) return { refusal: { reason: 'throttled', minutes: Math.ceil(nowLocked / 60_000) } };
      return { refusal: { reason: 'invalid' } };
    }
    await this.throttle.recordSuccess(email);
    return { user: toSessionUser(user) };
  }

  async signIn(req: Request, res: Response, form: SignInDto): Promise<SignInOutcome> {
    const { user, info } = await new Promise<{ user: SessionUser | false; info?: Refusal }>((resolve, reject) => {
      this.passport.authenticate('local', (error: unknown, found: SessionUser | false, refusal?: Refusal) =>
        error ? reject(error) : resolve({ user: found, info: refusal }),
      )(req, res, reject);
    });
    if (!user) {
      if (info?.reason === 'throttled') {
        return { ok: false, status: 429, message: 'login.throttled', params: { minutes: info.minutes } };
      }
      return { ok: false, status: 401, message: 'login.invalid' };
    }
    // Signing in gives the browser a new session id (the one before may have been planted); a language chosen before carries over.
    const locale = req.session.locale;
    await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
    req.session.passport = { user: user.id };
    if (locale) req.session.locale = locale;
    await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
    req.user = user;
    return { ok: true, next: safeNext(form.next) };
  }

  /** Ends the session: its row is removed and the browser told to forget the cookie. */
  async signOut(req: Request): Promise<void> {
    await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
    req.user = undefined;
  }

  /** Remembers the chosen language: on the account when signed in, else in the session. */
  async chooseLocale(req: Request, locale: string): Promise<void> {
    if (!isLocale(locale)) return;
    const user = req.user as SessionUser | undefined;
    if (user) await this.users.setLocale(user.id, locale);
    req.session.locale = locale;
  }
}
