import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashPassword } from './passwords';
import { isTrue, PreparedSql } from '../database/prepared-sql';
import type { SessionUser } from '../common/session-user';
import { Organisation } from './organisation.entity';
import type { Role } from '../common/roles';
import { User, UserRole } from './user.entity';

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

interface SessionUserRow {
  id: number;
  email: string;
  name: string;
  locale: string | null;
  organisation_id: number | null;
  active: boolean | number;
  role: Role | null;
}

@Injectable()
export class UsersService {
  // One statement, prepared once: the person and their roles (the query builder's per-call work cost ~20 times the lookup).
  private readonly sessionLookup: PreparedSql<{ id: number }>;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
  ) {
    this.sessionLookup = new PreparedSql(
      users.manager.connection,
      'SELECT u.id, u.email, u.name, u.locale, u.organisation_id, u.active, r.role FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.id = :id',
    );
  }

  async create(input: NewUser): Promise<User> {
    const email = normaliseEmail(input.email);
    if (await this.users.exists({ where: { email } })) throw new EmailTaken(email);
    const user = this.users.create({
      email,
      name: input.name.trim(),
      passwordHash: input.password ? await hashPassword(input.password) : null,
      organisationId: input.organisationId ?? null,
      locale: input.locale ?? null,
      active: true,
      roleRows: [...new Set(input.roles)].map((role) => Object.assign(new UserRole(), { role })),
    });
    return this.users.save(user);
  }

  /** The account and its password hash, for sign-in only. */
  findForSignIn(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .leftJoinAndSelect('user.roleRows', 'role')
      .where('user.email = :email', { email: normaliseEmail(email) })
      .getOne();
  }

  /** The signed-in person, or null once the account is gone or deactivated. Runs on every signed-in request. */
  async sessionUser(id: number): Promise<SessionUser | null> {
    const rows = await this.sessionLookup.rows<SessionUserRow>({ id });
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
    const rows: { role: Role; count: string | number }[] = await this.users.manager
      .createQueryBuilder(UserRole, 'r')
      .select('r.role', 'role')
      .addSelect('COUNT(*)', 'count')
      .groupBy('r.role')
      .getRawMany();
    const counts = { student: 0, supervisor: 0, employer: 0, coordinator: 0, admin: 0 };
    for (const row of rows) counts[row.role] = Number(row.count);
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
