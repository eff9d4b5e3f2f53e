import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { PreparedSql, sqliteConnection, toNumber } from '../database/prepared-sql';
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

/** Which people a list shows: a piece of the name or e-mail address, and a role. */
export interface PeopleFilter {
  text?: string;
  role?: Role;
}

/** What an administrator may change about a person besides roles and whether the account is active. */
export interface PersonFields {
  name: string;
  email: string;
  organisationId: number | null;
}

/** SQLite lower-cases only A to Z; this function, registered on its connection, lower-cases Æ, Ø and Å too. */
const SQLITE_LOWER = 'unicode_lower';

/** Characters LIKE reads as patterns, taken literally in a search. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The accounts' queries: the lookup every signed-in request makes, the sign-in lookup, the role counts and the administrators' lists. */
@Injectable()
export class UsersRepository {
  // One statement, prepared once: the person and their roles (the query builder's per-call work cost ~20 times the lookup).
  private readonly sessionLookup: PreparedSql<{ id: number }>;
  // Not through the query builder, which would move the version on: signing in must not make an open edit form stale.
  readonly signInStamp: PreparedSql<{ at: number; id: number }>;
  private readonly postgres: boolean;

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {
    const dataSource = users.manager.connection;
    this.postgres = dataSource.options.type === 'postgres';
    this.sessionLookup = new PreparedSql(
      dataSource,
      'SELECT u.id, u.email, u.name, u.locale, u.organisation_id, u.active, r.role FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.id = :id',
    );
    this.signInStamp = new PreparedSql(dataSource, 'UPDATE users SET last_sign_in_at = :at WHERE id = :id');
    sqliteConnection(dataSource)?.function(SQLITE_LOWER, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : null));
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

  countPeople(filter: PeopleFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  /** One page of the people matching the filter, by name, each with their organisation and roles. */
  async people(filter: PeopleFilter, offset: number, limit: number): Promise<User[]> {
    const people = await this.filtered(filter)
      .leftJoinAndSelect('u.organisation', 'o')
      .orderBy(this.lower('u.name'), 'ASC')
      .addOrderBy('u.id', 'ASC')
      .offset(offset)
      .limit(limit)
      .getMany();
    const roles = people.length ? await this.users.manager.find(UserRole, { where: { userId: In(people.map((p) => p.id)) } }) : [];
    for (const person of people) person.roleRows = roles.filter((r) => r.userId === person.id);
    return people;
  }

  private filtered(filter: PeopleFilter): SelectQueryBuilder<User> {
    const query = this.users.createQueryBuilder('u');
    if (filter.text) {
      query.andWhere(`(${this.lower('u.name')} LIKE :text ESCAPE '\\' OR u.email LIKE :text ESCAPE '\\')`, { text: likePattern(filter.text.toLowerCase()) });
    }
    if (filter.role) query.andWhere('EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = :role)', { role: filter.role });
    return query;
  }

  private lower(column: string): string {
    return this.postgres ? `LOWER(${column})` : `${SQLITE_LOWER}(${column})`;
  }

  /** Whether another account than `exceptId` has this (normalised) e-mail address. */
  emailTaken(manager: EntityManager, email: string, exceptId: number): Promise<boolean> {
    return manager.createQueryBuilder(User, 'u').where('u.email = :email AND u.id <> :id', { email, id: exceptId }).getExists();
  }

  /** Changes name, e-mail and organisation if the person is still at `version`; false when someone changed them in between. */
  async updateIfVersion(manager: EntityManager, id: number, version: number, fields: PersonFields): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(User)
      .set({ ...fields, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return Boolean(result.affected);
  }

  async replaceRoles(manager: EntityManager, userId: number, roles: Role[]): Promise<void> {
    await manager.createQueryBuilder().delete().from(UserRole).where('user_id = :userId', { userId }).execute();
    if (roles.length) await manager.createQueryBuilder().insert().into(UserRole).values(roles.map((role) => ({ userId, role }))).execute();
  }

  /** Gives the person a role they may already hold. */
  async addRole(manager: EntityManager, userId: number, role: Role): Promise<void> {
    await manager.createQueryBuilder().insert().into(UserRole).values({ userId, role }).orIgnore().execute();
  }

  /** Puts the person in the organisation unless they belong to another; false when they do. */
  async joinOrganisation(manager: EntityManager, userId: number, organisationId: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(User)
      .set({ organisationId, version: () => 'version + 1' })
      .where('id = :userId AND (organisation_id IS NULL OR organisation_id = :organisationId)', { userId, organisationId })
      .execute();
    return Boolean(result.affected);
  }

  async setActive(manager: EntityManager, id: number, active: boolean): Promise<boolean> {
    const result = await manager.createQueryBuilder().update(User).set({ active, version: () => 'version + 1' }).where('id = :id', { id }).execute();
    return Boolean(result.affected);
  }

  /**
   * Holds every administrator's row until the transaction ends, so that two changes that each leave one
   * administrator (two removing each other) run one after the other and the second sees the first. On
   * SQLite the transactions already run one at a time.
   */
  async lockAdministrators(manager: EntityManager): Promise<void> {
    if (!this.postgres) return;
    await manager.query("SELECT u.id FROM users u WHERE u.id IN (SELECT r.user_id FROM user_roles r WHERE r.role = 'admin') ORDER BY u.id FOR UPDATE");
  }

  /** Active administrators other than this person, as the transaction sees them now. */
  async otherActiveAdministrators(manager: EntityManager, exceptId: number): Promise<number> {
    const count = await manager
      .createQueryBuilder(User, 'u')
      .innerJoin(UserRole, 'r', "r.userId = u.id AND r.role = 'admin'")
      .where('u.active = :active AND u.id <> :id', { active: true, id: exceptId })
      .getCount();
    return toNumber(count);
  }
}
