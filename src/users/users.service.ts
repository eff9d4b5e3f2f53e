import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { hashPassword } from './passwords';
import { isTrue } from '../database/prepared-sql';
import type { SessionUser } from '../common/session-user';
import { Organisation } from './organisation.entity';
import type { Role } from '../common/roles';
import { User, UserRole } from './user.entity';
import { UsersRepository } from './users.repository';

export interface NewUser {
  email: string;
  name: string;
  roles: Role[];
  password?: string;
  organisationId?: number | null;
  locale?: string | null;
}

export class EmailTaken extends Error {
  constructor(readonly email: string) {
    super(`An account with the email ${email} already exists`);
    this.name = 'EmailTaken';
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly repository: UsersRepository,
  ) {}

  /** A new account; pass the transaction's manager to make it together with what belongs to it (its invitation). */
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
      roleRows: [...new Set(input.roles)].map((role) => Object.assign(new UserRole(), { role })),
    });
    return users.save(user);
  }

  /** The account and its password hash, for sign-in only. */
  findForSignIn(email: string): Promise<User | null> {
    return this.repository.withPasswordHash(normaliseEmail(email));
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

  createOrganisation(name: string): Promise<Organisation> {
    return this.organisations.save(this.organisations.create({ name }));
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
