import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { LoginThrottleRepository } from '../auth/login-throttle.repository';
import { SessionStore } from '../auth/session-store';
import { throttleKeys } from '../auth/throttle-policy';
import { MailService } from '../mail/mail.service';
import { User } from '../users/user.entity';
import { InvitationsService } from './invitations.service';
import { AuditService } from '../audit/audit.service';

/** The account whose password changes, as far as the notice needs it. */
export interface PasswordOwner {
  id: number;
  email: string;
  name: string;
  locale: string | null;
}

/**
 * What a new password brings with it, wherever it is chosen: the person's sessions end (all of them, or all
 * but the one it was chosen in), open invitation links stop working, and the address is told by e-mail, so
 * that a change the person did not make does not go unnoticed.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly sessions: SessionStore,
    private readonly invitations: InvitationsService,
    private readonly mail: MailService,
    private readonly throttle: LoginThrottleRepository,
    private readonly audit: AuditService,
  ) {}

  /** Writes the new password's hash in the caller's transaction; answers how many sessions were ended. */
  async apply(
    manager: EntityManager,
    owner: PasswordOwner,
    passwordHash: string,
    options: { keepSid?: string; now?: number; kind?: 'password_changed' | 'password_reset' } = {},
  ): Promise<number> {
    const now = options.now ?? Date.now();
    await manager.getRepository(User).update({ id: owner.id }, { passwordHash });
    await this.audit.record({ kind: options.kind ?? 'password_changed', actorId: owner.id, subjectId: owner.id, at: now }, manager);
    await this.invitations.endOpenFor(owner.id, manager, now);
    const ended = await this.sessions.endAllFor(owner.id, options.keepSid, manager, now);
    await this.mail.enqueue(
      { to: owner.email, template: 'password-changed', locale: owner.locale, data: { name: owner.name, changedAt: new Date(now), path: '/forgot-password' } },
      manager,
      now,
    );
    return ended;
  }

  /** After a new password set through a link to the address: earlier failed sign-ins no longer lock the account. */
  async clearSignInLock(email: string): Promise<void> {
    await this.throttle.forget(throttleKeys(email, undefined)[0].key);
  }

  /** The account with its password hash, to check the current password against. */
  withHash(userId: number): Promise<User | null> {
    return this.users.createQueryBuilder('user').addSelect('user.passwordHash').where('user.id = :userId', { userId }).getOne();
  }
}
