import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import { hashPassword } from './passwords';
import { isTrue } from '../database/prepared-sql';
import { Transactions } from '../database/transactions';
import type { SessionUser } from '../common/session-user';
import { paging, Page } from '../common/paging';
import { Organisation, OrganisationKind } from './organisation.entity';
import type { Role } from '../common/roles';
import { User, UserRole } from './user.entity';
import { PeopleFilter, UsersRepository } from './users.repository';

export interface NewUser {
  email: string;
  name: string;
  roles: Role[];
  password?: string;
  organisationId?: number | null;
  locale?: string | null;
}

/** What an administrator changes about a person on the edit page. */
export interface PersonChanges {
  name: string;
  email: string;
  roles: Role[];
  organisationId: number | null;
}

export class EmailTaken extends Error {
  constructor(readonly email: string) {
    super(`An account with the email ${email} already exists`);
    this.name = 'EmailTaken';
  }
}

/** The record was changed by someone else since the form that changes it was shown. */
export class RecordChanged extends Error {
  constructor() {
    super('Changed by someone else meanwhile');
    this.name = 'RecordChanged';
  }
}

/** The change would leave the installation without an active administrator. */
export class LastAdministrator extends Error {
  constructor() {
    super('The last active administrator cannot be deactivated or lose the administrator role');
    this.name = 'LastAdministrator';
  }
}

/** The person belongs to another organisation than the one they were to join. */
export class OtherOrganisation extends Error {
  constructor() {
    super('The person belongs to another organisation');
    this.name = 'OtherOrganisation';
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = String((error.driverError as { code?: string } | undefined)?.code ?? '');
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly repository: UsersRepository,
    private readonly transactions: Transactions,
  ) {}

  /** A new account; pass the transaction's manager when something else (its invitation) must be stored with it. */
  async create(input: NewUser, manager?: EntityManager): Promise<User> {
    const users = manager ? manager.getRepository(User) : this.users;
    const email = normaliseEmail(input.email);
    if (await users.exists({ where: { email } })) throw new EmailTaken(email);
    const user = users.create({
      email,
      name: input.name.trim(),
      passwordHash: input.password ? await hashPassword(input.password) : null,
      organisationId: input.organisationId ?? null,
      locale: input.locale ?? null,
      active: true,
      lastSignInAt: null,
      roleRows: [...new Set(input.roles)].map((role) => Object.assign(new UserRole(), { role })),
    });
    try {
      return await users.save(user);
    } catch (error) {
      // Two people made at once with one address: the database's unique index decides.
      if (isUniqueViolation(error)) throw new EmailTaken(email);
      throw error;
    }
  }

  /** The account and its password hash, for sign-in only. */
  findForSignIn(email: string): Promise<User | null> {
    return this.repository.withPasswordHash(normaliseEmail(email));
  }

  /** Notes a successful sign-in, for the administrators' list of people. */
  recordSignIn(id: number, at = Date.now()): Promise<void> {
    return this.transactions.statement(this.repository.signInStamp, { at, id });
  }

  /** The signed-in person, or null once the account is gone or deactivated. Runs on every signed-in request. */
  async sessionUser(id: number): Promise<SessionUser | null> {
    const rows = await this.repository.sessionRows(id);
    const first = rows[0];
    if (!first || !isTrue(first.active)) return null;
    return {
      id: Number(first.id),
      email: first.email,
      name: first.name,
      locale: first.locale,
      roles: rows.flatMap((row) => (row.role ? [row.role] : [])).sort(),
      organisationId: first.organisation_id === null ? null : Number(first.organisation_id),
    };
  }

  async setLocale(id: number, locale: string): Promise<void> {
    await this.users.update({ id }, { locale });
  }

  /** One page of people matching the filter (a piece of name or e-mail, a role), by name. */
  async search(filter: PeopleFilter, requestedPage: unknown, pageSize: number): Promise<{ page: Page; people: User[] }> {
    const page = paging(requestedPage, await this.repository.countPeople(filter), pageSize);
    return { page, people: await this.repository.people(filter, page.offset, page.limit) };
  }

  /** A person with their roles and organisation. */
  async findPerson(id: number): Promise<User | null> {
    const [person] = await this.users.find({ where: { id }, relations: { organisation: true } });
    return person ?? null;
  }

  /** The people who belong to an organisation, by name. */
  inOrganisation(organisationId: number): Promise<User[]> {
    return this.users.find({ where: { organisationId }, order: { name: 'ASC', id: 'ASC' } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOne({ where: { email: normaliseEmail(email) } });
  }

  /**
   * Changes a person as shown at `version`. The e-mail stays unique, and the change may not take the
   * administrator role from the last active administrator.
   */
  async update(id: number, version: number, changes: PersonChanges): Promise<void> {
    const email = normaliseEmail(changes.email);
    const roles = [...new Set(changes.roles)];
    try {
      await this.transactions.run(async (manager) => {
        if (!roles.includes('admin')) await this.keepAnAdministrator(manager, id);
        if (await this.repository.emailTaken(manager, email, id)) throw new EmailTaken(email);
        const updated = await this.repository.updateIfVersion(manager, id, version, { name: changes.name.trim(), email, organisationId: changes.organisationId });
        if (!updated) throw new RecordChanged();
        await this.repository.replaceRoles(manager, id, roles);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTaken(email);
      throw error;
    }
  }

  /**
   * Deactivates or reactivates an account. A deactivated person's sessions find no one from their next
   * request on (see `sessionUser`); what they did stays. The last active administrator stays active.
   */
  async setActive(id: number, active: boolean): Promise<void> {
    await this.transactions.run(async (manager) => {
      if (!active) await this.keepAnAdministrator(manager, id);
      await this.repository.setActive(manager, id, active);
    });
  }

  /**
   * Gives an existing person a role, and for an employer's role the organisation; refused when they
   * belong to another organisation.
   */
  async addRole(id: number, role: Role, organisationId?: number | null, manager?: EntityManager): Promise<void> {
    const work = async (m: EntityManager) => {
      if (organisationId && !(await this.repository.joinOrganisation(m, id, organisationId))) throw new OtherOrganisation();
      await this.repository.addRole(m, id, role);
    };
    await (manager ? work(manager) : this.transactions.run(work));
  }

  /** Refuses, inside the caller's transaction, a change (deactivation, erasure) that leaves no other active administrator than this person. */
  async keepAnAdministrator(manager: EntityManager, id: number): Promise<void> {
    await this.repository.lockAdministrators(manager);
    const person = await manager.findOne(User, { where: { id } });
    if (!person?.active || !person.hasRole('admin')) return;
    if ((await this.repository.otherActiveAdministrators(manager, id)) === 0) throw new LastAdministrator();
  }

  createOrganisation(name: string, details: { kind?: OrganisationKind; organisationNumber?: string | null; contactEmail?: string | null } = {}): Promise<Organisation> {
    return this.organisations.save(this.organisations.create({ name, kind: details.kind ?? 'employer', organisationNumber: details.organisationNumber ?? null, contactEmail: details.contactEmail ?? null }));
  }

  findOrganisation(id: number): Promise<Organisation | null> {
    return this.organisations.findOne({ where: { id } });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /** Accounts per role, for the administrator's overview. */
  async countByRole(): Promise<Record<Role, number>> {
    const counts = { student: 0, supervisor: 0, employer: 0, coordinator: 0, admin: 0 };
    for (const row of await this.repository.roleCounts()) counts[row.role] = row.count;
    return counts;
  }

  countOrganisations(): Promise<number> {
    return this.organisations.count();
  }
}

export function toSessionUser(user: User): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    roles: user.roles,
    organisationId: user.organisationId,
  };
}
