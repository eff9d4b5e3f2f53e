import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { LoginThrottleRepository } from '../auth/login-throttle.repository';
import { SessionStore } from '../auth/session-store';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { CalendarService } from '../calendar/calendar.service';
import { ACCOUNT_LIMIT } from '../auth/throttle-policy';
import { FieldErrors, FormResult } from '../common/form-result';
import type { SessionUser } from '../common/session-user';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { SecondFactorService } from '../second-factor/second-factor.service';
import { hashPassword, verifyPassword } from '../users/passwords';
import { SignInLinks } from '../users/sign-in-links';
import { User } from '../users/user.entity';
import type { PasswordChangeForm, ProfileForm } from './dto';
import { PasswordChangeService } from './password-change.service';
import { checkNewPassword } from './password-rules';
import { describeUserAgent, deviceMessage } from './user-agent';

/** A language in its own name, as people look for it. */
const LANGUAGES = [
  { value: 'nb', label: 'Norsk (bokmål)' },
  { value: 'en', label: 'English' },
];

/** What each signed-in person does with their own account: name, language, password, sessions and calendar address. */
@Injectable()
export class ProfileService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottleRepository,
    private readonly passwords: PasswordChangeService,
    private readonly transactions: Transactions,
    private readonly calendar: CalendarService,
    private readonly trail: AuditTrailService,
    private readonly signInLinks: SignInLinks,
    private readonly secondFactor: SecondFactorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The profile page; `sid` is the asking request's session, marked "this session" in the list. */
  async page(user: SessionUser, sid?: string, values?: Partial<ProfileForm>, errors: Record<string, unknown> = {}) {
    const account = await this.users.findOne({ where: { id: user.id } });
    if (!account) throw new NotFoundException();
    const shown = values ?? { name: account.name, locale: account.locale ?? '', version: String(account.version) };
    const now = Date.now();
    // A sign-in older than the absolute limit ends at its next request: it is as good as gone already.
    const oldest = now - this.config.sessionAbsoluteHours * 3_600_000;
    const sessions = (await this.sessions.listFor(user.id, sid, now))
      .filter((s) => s.current || s.signedInAt === null || s.signedInAt > oldest)
      .sort((a, b) => Number(b.current) - Number(a.current) || b.lastActiveAt - a.lastActiveAt)
      .map((s) => ({
        current: s.current,
        signedInAt: s.signedInAt === null ? null : new Date(s.signedInAt),
        lastActiveAt: new Date(Math.min(now, s.lastActiveAt)),
        device: deviceMessage(describeUserAgent(s.userAgent)),
      }));
    return {
      title: 'accounts.profile.title',
      email: account.email,
      values: shown,
      errors,
      languageOptions: LANGUAGES.map((l) => ({ ...l, selected: l.value === shown.locale })),
      sessions,
      others: sessions.filter((s) => !s.current).length,
      managesInvitations: user.roles.includes('coordinator') || user.roles.includes('admin'),
      calendar: user.roles.length ? this.calendar.address(account.id, account.calendarGeneration) : undefined,
      signIns: await this.trail.signInHistory(user.id),
      signInLink: await this.signInLinks.section(account.id),
      secondFactor: await this.secondFactor.profileSection(user),
    };
  }

  /** Name and language, saved only over the version the page showed: a change made meanwhile (another tab) is a conflict. */
  async update(user: SessionUser, sid: string, form: ProfileForm, setFlash: (flash: object) => void): Promise<FormResult> {
    const errors = new FieldErrors();
    if (!form.name) errors.add('name', 'accounts.profile.error.nameRequired');
    else if (form.name.length > 200) errors.add('name', 'accounts.profile.error.nameLong');
    if (errors.any) return { status: 400, data: await this.page(user, sid, form, errors.errors) };
    const saved = await this.users.update({ id: user.id, version: Number(form.version) }, { name: form.name, locale: form.locale || null });
    if (!saved.affected) throw new ConflictException('accounts.profile.conflict');
    setFlash({ key: 'accounts.profile.flash.saved' });
    return { redirect: '/profile' };
  }

  /**
   * A new password, given the current one. Wrong guesses at the current password are counted like sign-in
   * attempts, so that a session left open is no way to find it out. Success ends every other session.
   */
  async changePassword(user: SessionUser, sid: string, form: PasswordChangeForm, setFlash: (flash: object) => void): Promise<FormResult> {
    const errors = new FieldErrors();
    const attempt = await this.throttle.countUnder([{ key: `password-change:${user.id}`, limit: ACCOUNT_LIMIT }]);
    const account = await this.passwords.withHash(user.id);
    if (!account) throw new NotFoundException();
    if (!attempt.mayCheck) {
      errors.add('currentPassword', 'accounts.password.error.throttled', { minutes: Math.max(1, Math.ceil(attempt.lockedMs / 60_000)) });
    } else if (!form.currentPassword) {
      errors.add('currentPassword', 'accounts.password.error.currentRequired');
    } else if (!account.passwordHash || !(await verifyPassword(account.passwordHash, form.currentPassword))) {
      errors.add('currentPassword', 'accounts.password.error.current');
    }
    for (const problem of checkNewPassword(form.password, form.confirm)) errors.add(problem.field, problem.key);
    if (errors.any) return { status: attempt.mayCheck ? 400 : 429, data: await this.page(user, sid, undefined, errors.errors) };

    const passwordHash = await hashPassword(form.password);
    const ended = await this.transactions.run((manager) => this.passwords.apply(manager, account, passwordHash, { keepSid: sid }));
    setFlash({ key: 'accounts.profile.flash.passwordChanged', ended });
    return { redirect: '/profile' };
  }

  /** A new address for the person's calendar feed; the old one stops working, which the flash message says. */
  async renewCalendar(user: SessionUser, setFlash: (flash: object) => void): Promise<FormResult> {
    await this.calendar.renew(user.id);
    setFlash({ key: 'calendar.profile.flash.renewed' });
    return { redirect: '/profile' };
  }

  async endOtherSessions(user: SessionUser, sid: string, setFlash: (flash: object) => void): Promise<FormResult> {
    const ended = await this.sessions.endAllFor(user.id, sid);
    setFlash({ key: 'accounts.profile.flash.signedOutElsewhere', ended });
    return { redirect: '/profile' };
  }
}
