import { Injectable, NotFoundException } from '@nestjs/common';
import { InvitationsService } from '../accounts/invitations.service';
import { FieldErrors, FormResult } from '../common/form-result';
import { isRowNumber } from '../common/form-fields';
import { isRole, Role, ROLES } from '../common/roles';
import type { SessionUser } from '../common/session-user';
import { Transactions } from '../database/transactions';
import { OrganisationsService } from '../users/organisations.service';
import type { User } from '../users/user.entity';
import { EmailTaken, LastAdministrator, normaliseEmail, RecordChanged, UsersService } from '../users/users.service';
import type { PersonEditForm, PersonForm } from './dto/people-forms';
import { AuditService } from '../audit/audit.service';
import { isTombstone } from '../users/tombstone';

/** People on one page of the administrators' list: few enough to read on a phone. */
export const PEOPLE_PAGE_SIZE = 25;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What a new person is made from, as a form or the command line gives it. */
export interface PersonInput {
  name: string;
  email: string;
  roles: string[];
  /** An organisation's id as typed; empty for none. */
  organisation?: string;
}

/** A person ready to be stored, once `check` found nothing wrong. */
export interface CheckedPerson {
  name: string;
  email: string;
  roles: Role[];
  organisationId: number | null;
}

type Flash = (flash: object) => void;

/** Who sent an invitation; null when an operator made the account on the command line. */
export type Inviter = { id: number; name: string } | null;

const roleKey = (role: Role) => `people.role.${role}`;

/**
 * What administrators do with people: find them, make them (each with an invitation by e-mail), change
 * their name, address, roles and organisation, and deactivate or reactivate them.
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly invitations: InvitationsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  // ---- the list

  async list(query: { q?: unknown; role?: unknown; page?: unknown }) {
    const text = typeof query.q === 'string' ? query.q.trim().slice(0, 200) : '';
    const role = isRole(query.role) ? query.role : undefined;
    const { page, people } = await this.users.search({ text: text || undefined, role }, query.page, PEOPLE_PAGE_SIZE);
    const href = (to: number | undefined) => {
      if (!to) return undefined;
      const params = new URLSearchParams();
      if (text) params.set('q', text);
      if (role) params.set('role', role);
      params.set('page', String(to));
      return `/people?${params}`;
    };
    return {
      title: 'people.title',
      search: { q: text, role: role ?? '' },
      filtered: Boolean(text || role),
      roleFilterOptions: ROLES.map((r) => ({ value: r, labelKey: roleKey(r), selected: r === role })),
      people: people.map((person) => ({
        id: person.id,
        name: person.name,
        email: person.email,
        roles: person.roles.map(roleKey),
        organisation: person.organisation?.name,
        active: person.active,
        lastSignInAt: person.lastSignInAt ? new Date(person.lastSignInAt) : null,
      })),
      page,
      previousHref: href(page.previous),
      nextHref: href(page.next),
    };
  }

  // ---- making a person

  async newForm(values: Partial<PersonForm> = {}, errors: Record<string, unknown> = {}) {
    return {
      title: 'people.new.title',
      values,
      errors,
      roleOptions: this.roleOptions(values.roles ?? []),
      organisationOptions: await this.organisationOptions(values.organisation),
    };
  }

  async create(actor: SessionUser, form: PersonForm, setFlash: Flash): Promise<FormResult> {
    const { errors, person } = await this.check(form);
    if (person) {
      try {
        const user = await this.createAndInvite(person, actor);
        setFlash({ key: 'people.flash.created', name: user.name, email: user.email });
        return { redirect: `/people/${user.id}` };
      } catch (error) {
        if (!(error instanceof EmailTaken)) throw error;
        errors.add('email', 'people.error.emailTaken');
      }
    }
    return { status: 400, data: await this.newForm(form, errors.errors) };
  }

  /**
   * Makes the account and its invitation e-mail in one transaction: both are stored, or neither. The
   * e-mail names the cohort when the person was invited into one.
   */
  createAndInvite(person: CheckedPerson, invitedBy: Inviter, cohortId?: number): Promise<User> {
    return this.transactions.run(async (manager) => {
      const user = await this.users.create(person, manager);
      await this.audit.record({ kind: 'account_created', actorId: invitedBy?.id ?? null, subjectId: user.id, detail: { roles: person.roles } }, manager);
      // On the command line nobody signed in invites: the installation does.
      await this.invitations.invite(user, invitedBy ?? { id: user.id, name: 'Brobygger' }, { manager, cohortId });
      return user;
    });
  }

  /** The rules for a person's fields, shared by the pages and the command line; `person` is set when all hold. */
  async check(input: PersonInput): Promise<{ errors: FieldErrors; person?: CheckedPerson }> {
    const errors = new FieldErrors();
    const name = input.name.trim();
    const email = normaliseEmail(input.email);
    if (!name) errors.add('name', 'people.error.nameRequired');
    else if (name.length > 200) errors.add('name', 'people.error.nameTooLong');
    if (!email) errors.add('email', 'people.error.emailRequired');
    else if (!EMAIL.test(email) || email.length > 254) errors.add('email', 'people.error.emailInvalid');
    const roles = [...new Set(input.roles)];
    if (roles.length === 0) errors.add('roles', 'people.error.rolesRequired');
    else if (!roles.every(isRole)) errors.add('roles', 'people.error.roleUnknown');
    const organisationId = await this.checkOrganisation(input.organisation, errors);
    if (roles.includes('employer') && organisationId === null && !errors.errors.organisation) errors.add('organisation', 'people.error.employerNeedsOrganisation');
    return { errors, person: errors.any ? undefined : { name, email, roles: roles as Role[], organisationId } };
  }

  // ---- one person

  async editForm(actor: SessionUser, id: number, values?: Partial<PersonEditForm>, errors: Record<string, unknown> = {}, stored?: object) {
    const person = await this.findPerson(id);
    const current: Partial<PersonEditForm> = values ?? {
      name: person.name,
      email: person.email,
      roles: person.roles,
      organisation: person.organisationId ? String(person.organisationId) : '',
      version: String(person.version),
    };
    return {
      titleText: { nb: person.name },
      person: {
        id: person.id,
        name: person.name,
        email: person.email,
        active: person.active,
        lastSignInAt: person.lastSignInAt ? new Date(person.lastSignInAt) : null,
        createdAt: person.createdAt,
        erased: isTombstone(person),
      },
      isSelf: actor.id === person.id,
      values: current,
      errors,
      stored,
      roleOptions: this.roleOptions(current.roles ?? []),
      organisationOptions: await this.organisationOptions(current.organisation),
    };
  }

  async update(actor: SessionUser, id: number, form: PersonEditForm, setFlash: Flash): Promise<FormResult> {
    const before = await this.findPerson(id);
    // An erased person's row only holds keys in place: there is nobody left to edit.
    if (isTombstone(before)) throw new NotFoundException();
    const { errors, person } = await this.check(form);
    // Taking away one's own administrator role would lock one out of this page halfway through.
    if (actor.id === id && before.hasRole('admin') && !form.roles.includes('admin')) errors.add('roles', 'people.error.keepOwnAdmin');
    if (person && !errors.any) {
      try {
        await this.users.update(id, Number(form.version), person);
        await this.recordChange(actor, before, person);
        setFlash({ key: 'people.flash.saved', name: person.name });
        return { redirect: `/people/${id}` };
      } catch (error) {
        if (error instanceof RecordChanged) return this.changedMeanwhile(actor, id, form);
        if (error instanceof EmailTaken) errors.add('email', 'people.error.emailTaken');
        else if (error instanceof LastAdministrator) errors.add('roles', 'people.error.lastAdmin');
        else throw error;
      }
    }
    return { status: 400, data: await this.editForm(actor, id, form, errors.errors) };
  }

  /**
   * The form again with what was typed, what is stored now, and the stored version: saving once more
   * after reading it is then a choice made knowingly.
   */
  private async changedMeanwhile(actor: SessionUser, id: number, form: PersonEditForm): Promise<FormResult> {
    const now = await this.findPerson(id);
    const stored = { name: now.name, email: now.email, roles: now.roles.map(roleKey), organisation: now.organisation?.name, active: now.active };
    const data = await this.editForm(actor, id, { ...form, version: String(now.version) }, { person: 'people.error.conflict' }, stored);
    return { status: 409, data };
  }

  async setActive(actor: SessionUser, id: number, active: boolean, setFlash: Flash): Promise<FormResult> {
    const person = await this.findPerson(id);
    if (isTombstone(person)) throw new NotFoundException();
    const errors = new FieldErrors();
    if (!active && actor.id === id) errors.add('access', 'people.error.deactivateSelf');
    else {
      try {
        await this.users.setActive(id, active);
        await this.audit.record({ kind: active ? 'account_reactivated' : 'account_deactivated', actorId: actor.id, subjectId: id });
        setFlash({ key: active ? 'people.flash.reactivated' : 'people.flash.deactivated', name: person.name });
        return { redirect: `/people/${id}` };
      } catch (error) {
        if (!(error instanceof LastAdministrator)) throw error;
        errors.add('access', 'people.error.lastAdminDeactivate');
      }
    }
    return { status: 400, data: await this.editForm(actor, id, undefined, errors.errors) };
  }

  // ---- shared

  /** What changed, as the audit log keeps it: which fields, and the roles before and after; never the values typed. */
  private async recordChange(actor: SessionUser, before: User, after: CheckedPerson): Promise<void> {
    const rolesBefore = [...before.roles].sort();
    const rolesAfter = [...after.roles].sort();
    if (rolesBefore.join() !== rolesAfter.join()) {
      await this.audit.record({ kind: 'roles_changed', actorId: actor.id, subjectId: before.id, detail: { before: rolesBefore, after: rolesAfter } });
    }
    const fields = [
      before.name !== after.name ? 'name' : null,
      before.email !== after.email ? 'email' : null,
      (before.organisationId ?? null) !== after.organisationId ? 'organisation' : null,
    ].filter((field): field is string => field !== null);
    if (fields.length) await this.audit.record({ kind: 'account_changed', actorId: actor.id, subjectId: before.id, detail: { fields } });
  }

  private async findPerson(id: number): Promise<User> {
    const person = await this.users.findPerson(id);
    if (!person) throw new NotFoundException();
    return person;
  }

  private async checkOrganisation(value: string | undefined, errors: FieldErrors): Promise<number | null> {
    if (!value) return null;
    if (!isRowNumber(value) || !(await this.organisations.exists(Number(value)))) {
      errors.add('organisation', 'people.error.unknownOrganisation');
      return null;
    }
    return Number(value);
  }

  private roleOptions(chosen: string[]) {
    return ROLES.map((role) => ({ value: role, labelKey: roleKey(role), checked: chosen.includes(role) }));
  }

  async organisationOptions(chosen: string | undefined) {
    const organisations = await this.organisations.list();
    return organisations.map((o) => ({ value: String(o.id), label: o.name, selected: String(o.id) === chosen }));
  }
}
