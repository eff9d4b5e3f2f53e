import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashPassword } from '../auth/passwords';
import type { SessionUser } from '../auth/session-user';
import { Organisation } from './organisation.entity';
import type { Role } from './roles';
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

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
  ) {}

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

  async sessionUser(id: number): Promise<SessionUser | null> {
    // Runs on every signed-in request. `find`, not `findOne`: with the eager roles joined, findOne adds a
    // second (DISTINCT … LIMIT 1) query and costs several times as much; the id matches one row at most.
    const [user] = await this.users.find({ where: { id, active: true } });
    return user ? toSessionUser(user) : null;
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
