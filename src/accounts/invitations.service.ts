import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'crypto';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { User } from '../users/user.entity';
import { Invitation } from './invitation.entity';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../users/passwords';
import { MailService } from '../mail/mail.service';

export const INVITATION_VALID_DAYS = 7;

export interface InviteOptions {
  /** The transaction the account is made in: the link and the e-mail are stored with it, or not at all. */
  manager?: EntityManager;
  /** The cohort the person is invited into, named in the e-mail. */
  cohortId?: number;
  now?: number;
}

/** Who is invited, and by whom: enough to write the invitation e-mail. */
export interface Invitee {
  id: number;
  email: string;
  name: string;
  locale: string | null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type PasswordProblem = { field: 'password' | 'confirm'; key: string };

/** One-time links with which a new account chooses its password. Only the token's hash is stored. */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectRepository(Invitation) private readonly invitations: Repository<Invitation>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly mail: MailService,
  ) {}

  /**
   * Makes a fresh link for the account and e-mails it; earlier unused links stop working. Pass the
   * transaction's manager so that the account, the link and the e-mail are stored together or not at all.
   */
  async invite(invitee: Invitee, invitedBy: { id: number; name: string }, options: InviteOptions = {}): Promise<void> {
    const { manager, now = Date.now() } = options;
    const { token, expiresAt } = await this.create(invitee.id, invitedBy.id, now, manager);
    await this.mail.enqueue(
      {
        to: invitee.email,
        template: 'invitation',
        locale: invitee.locale,
        data: { name: invitee.name, invitedBy: invitedBy.name, path: `/invitations/${token}`, expiresAt: new Date(expiresAt) },
      },
      manager,
    );
  }

  /** A fresh link token for the account; the previous unused ones stop working. */
  async create(userId: number, createdBy: number, now = Date.now(), manager?: EntityManager): Promise<{ token: string; expiresAt: number }> {
    const invitations = manager ? manager.getRepository(Invitation) : this.invitations;
    await invitations.update({ userId, usedAt: IsNull() }, { usedAt: now });
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + INVITATION_VALID_DAYS * 86_400_000;
    await invitations.insert({ userId, tokenHash: hashToken(token), expiresAt, usedAt: null, createdBy });
    return { token, expiresAt };
  }

  /** The person a valid, unused, unexpired link belongs to, or null. */
  async find(token: string, now = Date.now()): Promise<{ invitation: Invitation; user: User } | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const invitation = await this.invitations.findOne({ where: { tokenHash: hashToken(token) } });
    if (!invitation || invitation.usedAt !== null || invitation.expiresAt < now) return null;
    const user = await this.users.findOne({ where: { id: invitation.userId, active: true } });
    return user ? { invitation, user } : null;
  }

  checkPassword(password: string, confirm: string): PasswordProblem[] {
    const problems: PasswordProblem[] = [];
    if (password.length < MIN_PASSWORD_LENGTH) problems.push({ field: 'password', key: 'invitation.error.passwordShort' });
    else if (password.length > 1000) problems.push({ field: 'password', key: 'invitation.error.passwordLong' });
    if (password !== confirm) problems.push({ field: 'confirm', key: 'invitation.error.confirm' });
    return problems;
  }

  /** Sets the password and spends the link. */
  async accept(token: string, password: string): Promise<boolean> {
    const found = await this.find(token);
    if (!found) return false;
    const spent = await this.invitations.update({ id: found.invitation.id, usedAt: IsNull() }, { usedAt: Date.now() });
    if (!spent.affected) return false;
    await this.users.update({ id: found.user.id }, { passwordHash: await hashPassword(password) });
    return true;
  }
}
