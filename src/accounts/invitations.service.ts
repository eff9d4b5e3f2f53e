import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { paging } from '../common/paging';
import { CurriculaService } from '../curricula/curricula.service';
import { Transactions } from '../database/transactions';
import { MailService } from '../mail/mail.service';
import { hashPassword } from '../users/passwords';
import { User } from '../users/user.entity';
import { Invitation } from './invitation.entity';
import { INVITATION_STATES, InvitationListRow, InvitationsRepository, InvitationState, Viewer } from './invitations.repository';
import { checkNewPassword, PasswordProblem } from './password-rules';
import { hashToken, looksLikeToken, newToken } from './tokens';
import { AuditService } from '../audit/audit.service';

export const INVITATION_VALID_DAYS = 7;

export interface InviteOptions {
  /** The transaction the account is made in: the link and the e-mail are stored with it, or not at all. */
  manager?: EntityManager;
  /** The cohort the person is invited into, named in the e-mail. */
  cohortId?: number | null;
  now?: number;
}

/** Who is invited, and by whom: enough to write the invitation e-mail. */
export interface Invitee {
  id: number;
  email: string;
  name: string;
  locale: string | null;
}

export type { PasswordProblem };

/** What a button on the invitations list did, for the message on the list afterwards. */
export interface InvitationFlash {
  key: string;
  name: string;
  email: string;
}

/**
 * One-time links with which a new account chooses its password, and the list on which administrators and
 * coordinators follow them, send them again and withdraw them. Only a token's hash is stored.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectRepository(Invitation) private readonly invitations: Repository<Invitation>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly repository: InvitationsRepository,
    private readonly curricula: CurriculaService,
    private readonly mail: MailService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  /**
   * Makes a fresh link for the account and e-mails it; earlier open links stop working. Pass the
   * transaction's manager so that the account, the link and the e-mail are stored together or not at all.
   */
  async invite(invitee: Invitee, invitedBy: { id: number; name: string }, options: InviteOptions = {}): Promise<void> {
    const { manager, now = Date.now() } = options;
    const cohortId = options.cohortId ?? null;
    const cohort = cohortId === null ? undefined : await this.repository.cohort(cohortId, manager);
    const programme = cohort ? (await this.curricula.getVersion(cohort.curriculumVersionId)).content.title : undefined;
    const { token, expiresAt } = await this.create(invitee.id, invitedBy.id, { now, manager, cohortId: cohort ? cohortId : null });
    await this.mail.enqueue(
      {
        to: invitee.email,
        template: 'invitation',
        locale: invitee.locale,
        data: { name: invitee.name, invitedBy: invitedBy.name, cohort: cohort?.name, programme, path: `/invitations/${token}`, expiresAt: new Date(expiresAt) },
      },
      manager,
      now,
    );
  }

  /** A fresh link token for the account; the person's earlier open links are withdrawn. */
  async create(userId: number, createdBy: number, options: Omit<InviteOptions, 'cohortId'> & { cohortId?: number | null } = {}): Promise<{ token: string; expiresAt: number }> {
    const { manager, now = Date.now(), cohortId = null } = options;
    if (!manager) return this.transactions.run((inTransaction) => this.create(userId, createdBy, { ...options, manager: inTransaction }));
    await this.repository.lockAccount(manager, userId);
    const invitations = manager.getRepository(Invitation);
    await invitations.update({ userId, usedAt: IsNull(), withdrawnAt: IsNull() }, { withdrawnAt: now });
    const token = newToken();
    const expiresAt = now + INVITATION_VALID_DAYS * 86_400_000;
    await invitations.insert({ userId, tokenHash: hashToken(token), expiresAt, usedAt: null, withdrawnAt: null, cohortId, createdBy });
    return { token, expiresAt };
  }

  /** The person an open link (unused, not withdrawn, unexpired, of an active account) belongs to, or null. */
  async find(token: string, now = Date.now()): Promise<{ invitation: Invitation; user: User } | null> {
    if (!looksLikeToken(token)) return null;
    const invitation = await this.invitations.findOne({ where: { tokenHash: hashToken(token) } });
    if (!invitation || invitation.usedAt !== null || invitation.withdrawnAt !== null || invitation.expiresAt <= now) return null;
    const user = await this.users.findOne({ where: { id: invitation.userId, active: true } });
    return user ? { invitation, user } : null;
  }

  checkPassword(password: string, confirm: string): PasswordProblem[] {
    return checkNewPassword(password, confirm);
  }

  /** Sets the password and spends the link, together; a link spent, withdrawn or expired meanwhile sets nothing. */
  async accept(token: string, password: string, now = Date.now()): Promise<boolean> {
    const found = await this.find(token, now);
    if (!found) return false;
    const passwordHash = await hashPassword(password);
    return this.transactions.run(async (manager) => {
      const spent = await manager
        .getRepository(Invitation)
        .update({ id: found.invitation.id, usedAt: IsNull(), withdrawnAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now });
      if (!spent.affected) return false;
      await manager.getRepository(User).update({ id: found.user.id }, { passwordHash });
      await this.audit.record({ kind: 'invitation_accepted', actorId: found.user.id, subjectId: found.user.id, object: { type: 'invitation', id: found.invitation.id } }, manager);
      return true;
    });
  }

  /**
   * Spends the link without a password: the person proved who they are at the OpenID provider instead, and
   * `within` ties the account to that identity in the same transaction. It answers false to keep nothing;
   * a link spent, withdrawn or expired meanwhile keeps nothing either. Answers the account, or null.
   */
  async acceptThroughProvider(token: string, within: (manager: EntityManager, user: User) => Promise<boolean>, now = Date.now()): Promise<User | null> {
    const found = await this.find(token, now);
    if (!found) return null;
    const spentMeanwhile = new Error('The invitation was spent meanwhile');
    try {
      return await this.transactions.run(async (manager) => {
        if (!(await within(manager, found.user))) return null;
        const spent = await manager
          .getRepository(Invitation)
          .update({ id: found.invitation.id, usedAt: IsNull(), withdrawnAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now });
        // Thrown, so that what `within` wrote is rolled back with the transaction.
        if (!spent.affected) throw spentMeanwhile;
        return found.user;
      });
    } catch (error) {
      if (error === spentMeanwhile) return null;
      throw error;
    }
  }

  /** Ends the person's open links: they chose a password another way (a reset link). */
  async endOpenFor(userId: number, manager: EntityManager, now = Date.now()): Promise<void> {
    await manager.getRepository(Invitation).update({ userId, usedAt: IsNull(), withdrawnAt: IsNull() }, { usedAt: now });
  }

  // ---- the list of invitations

  /** The invitations this person manages, each person's latest, a page at a time; for anyone else there is no such page. */
  async list(user: SessionUser, query: { state?: string; page?: string }, now = Date.now()) {
    const viewer = viewerOf(user);
    const state = INVITATION_STATES.find((s) => s === query.state);
    const page = paging(query.page, await this.repository.count(viewer, { state, now }));
    const rows = await this.repository.list(viewer, { state, offset: page.offset, limit: page.limit, now });
    return {
      title: 'accounts.invitations.title',
      invitations: rows.map((row) => ({ ...row, mayResend: mayResend(row), mayWithdraw: row.latest && row.state === 'pending' })),
      filters: [undefined, ...INVITATION_STATES].map((s) => ({ state: s, key: `accounts.invitations.filter.${s ?? 'all'}`, current: s === state })),
      state,
      page,
    };
  }

  /** A new link for a person whose invitation has not been used, e-mailed again; the old link stops working. */
  async resend(user: SessionUser, id: number, now = Date.now()): Promise<InvitationFlash> {
    const row = await this.visible(user, id, now);
    if (!mayResend(row)) return flash('accounts.invitations.flash.notResent', row);
    await this.transactions.run((manager) =>
      this.invite({ id: row.userId, email: row.email, name: row.name, locale: row.locale }, user, { manager, cohortId: row.cohortId, now }),
    );
    return flash('accounts.invitations.flash.resent', row);
  }

  /** The link stops working; the account stays, without a password, until it is invited again. */
  async withdraw(user: SessionUser, id: number, now = Date.now()): Promise<InvitationFlash> {
    const row = await this.visible(user, id, now);
    const withdrawn = await this.invitations.update({ id: row.id, usedAt: IsNull(), withdrawnAt: IsNull() }, { withdrawnAt: now });
    return flash(withdrawn.affected ? 'accounts.invitations.flash.withdrawn' : 'accounts.invitations.flash.notWithdrawn', row);
  }

  private async visible(user: SessionUser, id: number, now: number): Promise<InvitationListRow> {
    const row = await this.repository.visible(viewerOf(user), id, now);
    if (!row) throw new NotFoundException();
    return row;
  }
}

/** Administrators manage every invitation, coordinators those of their cohorts' people; nobody else any. */
function viewerOf(user: SessionUser): Viewer {
  if (user.roles.includes('admin')) return { id: user.id, admin: true };
  if (user.roles.includes('coordinator')) return { id: user.id, admin: false };
  throw new NotFoundException();
}

/** A link is sent again only for an account still waiting for its password, and only from its latest invitation. */
function mayResend(row: InvitationListRow): boolean {
  return row.latest && row.active && (['pending', 'expired', 'withdrawn'] as InvitationState[]).includes(row.state);
}

function flash(key: string, row: InvitationListRow): InvitationFlash {
  return { key, name: row.name, email: row.email };
}
