import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PreparedSql } from '../database/prepared-sql';
import type { Role } from '../common/roles';
import { User, UserRole } from './user.entity';

/** One row of the session lookup: the person, with one of their roles (none when they hold none). */
export interface SessionUserRow {
  id: number;
  email: string;
  name: string;
  locale: string | null;
  organisation_id: number | null;
  active: boolean | number;
  role: Role | null;
}

/** The accounts' queries: the lookup every signed-in request makes, the sign-in lookup and the role counts. */
@Injectable()
export class UsersRepository {
  // One statement, prepared once: the person and their roles (the query builder's per-call work cost ~20 times the lookup).
  private readonly sessionLookup: PreparedSql<{ id: number }>;

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {
    this.sessionLookup = new PreparedSql(
      users.manager.connection,
      'SELECT u.id, u.email, u.name, u.locale, u.organisation_id, u.active, r.role FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.id = :id',
    );
  }

  /** The person's row once per role they hold, or once with no role; no rows when there is no such account. */
  sessionRows(id: number): Promise<SessionUserRow[]> {
    return this.sessionLookup.rows<SessionUserRow>({ id });
  }

  /** The account with its password hash and roles, by its (already normalised) e-mail. */
  withPasswordHash(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .leftJoinAndSelect('user.roleRows', 'role')
      .where('user.email = :email', { email })
      .getOne();
  }

  /** How many accounts hold each role, counted in the database. */
  async roleCounts(): Promise<{ role: Role; count: number }[]> {
    const rows: { role: Role; count: string | number }[] = await this.users.manager
      .createQueryBuilder(UserRole, 'r')
      .select('r.role', 'role')
      .addSelect('COUNT(*)', 'count')
      .groupBy('r.role')
      .getRawMany();
    return rows.map((row) => ({ role: row.role, count: Number(row.count) }));
  }
}
