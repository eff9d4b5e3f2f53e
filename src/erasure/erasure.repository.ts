import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ErasureRequest } from './erasure-request.entity';

/** A waiting request as the administrators' list shows it. */
export interface WaitingRow {
  id: number;
  userId: number;
  name: string;
  email: string;
  requestedBy: number | null;
  requestedAt: number;
}

/** One enrolment's cohort, for working out when it ended. */
export interface EnrolmentEnd {
  studentId: number;
  startDate: string;
  versionId: number;
}

/** Erasure requests, and what erasure and retention read about people. */
@Injectable()
export class ErasureRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get manager(): EntityManager {
    return this.dataSource.manager;
  }

  findRequest(id: number, manager = this.manager): Promise<ErasureRequest | null> {
    return manager.findOne(ErasureRequest, { where: { id } });
  }

  /** The person's waiting request, if any. */
  waitingFor(userId: number, manager = this.manager): Promise<ErasureRequest | null> {
    return manager.findOne(ErasureRequest, { where: { userId, state: 'requested' }, order: { id: 'DESC' } });
  }

  /** Whether the person's data were already erased. */
  async erased(userId: number, manager = this.manager): Promise<boolean> {
    return (await manager.count(ErasureRequest, { where: { userId, state: 'completed' } })) > 0;
  }

  async insert(manager: EntityManager, request: Omit<ErasureRequest, 'id'>): Promise<number> {
    const result = await manager.insert(ErasureRequest, request);
    return Number(result.identifiers[0].id);
  }

  /** Moves a waiting request on; false when it was no longer waiting (cancelled or confirmed meanwhile). */
  async settle(manager: EntityManager, id: number, changes: Partial<ErasureRequest>): Promise<boolean> {
    const result = await manager.update(ErasureRequest, { id, state: 'requested' }, changes);
    return result.affected === 1;
  }

  /** Every waiting request, oldest first, with the person's name and address. */
  waiting(): Promise<WaitingRow[]> {
    return this.manager
      .createQueryBuilder(ErasureRequest, 'r')
      .innerJoin('users', 'u', 'u.id = r.user_id')
      .select(['r.id AS "id"', 'r.user_id AS "userId"', 'u.name AS "name"', 'u.email AS "email"', 'r.requested_by AS "requestedBy"', 'r.requested_at AS "requestedAt"'])
      .where("r.state = 'requested'")
      .orderBy('r.requested_at', 'ASC')
      .getRawMany<WaitingRow>()
      .then((rows) => rows.map((r) => ({ ...r, id: Number(r.id), userId: Number(r.userId), requestedBy: r.requestedBy === null ? null : Number(r.requestedBy), requestedAt: Number(r.requestedAt) })));
  }

  /** The latest completed erasures, newest first: ids and times only. */
  completed(limit: number): Promise<ErasureRequest[]> {
    return this.manager.find(ErasureRequest, { where: { state: 'completed' }, order: { completedAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /** The person as erasure needs them: name, address, whether active, and their roles. */
  async person(userId: number, manager = this.manager): Promise<{ id: number; name: string; email: string; active: boolean; roles: string[] } | null> {
    const rows = (await manager.query(this.sql('SELECT id, name, email, active FROM users WHERE id = $1'), [userId])) as { id: number; name: string; email: string; active: unknown }[];
    if (rows.length === 0) return null;
    const roles = (await manager.query(this.sql('SELECT role FROM user_roles WHERE user_id = $1'), [userId])) as { role: string }[];
    const [row] = rows;
    return { id: Number(row.id), name: row.name, email: row.email, active: row.active === true || row.active === 1, roles: roles.map((r) => r.role) };
  }

  async passwordHash(userId: number): Promise<string | null> {
    const rows = (await this.manager.query(this.sql('SELECT password_hash FROM users WHERE id = $1'), [userId])) as { password_hash: string | null }[];
    return rows[0]?.password_hash ?? null;
  }

  async enrolmentIds(manager: EntityManager, userId: number): Promise<number[]> {
    const rows = (await manager.query(this.sql('SELECT id FROM enrolments WHERE student_id = $1 ORDER BY id'), [userId])) as { id: number }[];
    return rows.map((row) => Number(row.id));
  }

  /** What erasing the person would remove, counted, for the administrator who confirms. */
  async counts(userId: number): Promise<Record<'reflections' | 'entries' | 'submissions' | 'files' | 'certificates', number>> {
    const within = 'enrolment_id IN (SELECT id FROM enrolments WHERE student_id = $1)';
    const count = async (text: string) => Number(((await this.manager.query(this.sql(text), [userId])) as { n: number | string }[])[0].n);
    return {
      reflections: await count(`SELECT COUNT(*) AS n FROM reflections WHERE ${within}`),
      entries: await count(`SELECT COUNT(*) AS n FROM practice_entries WHERE ${within}`),
      submissions: await count(`SELECT COUNT(*) AS n FROM assignment_submissions WHERE ${within}`),
      files: await count(`SELECT COUNT(*) AS n FROM submission_files WHERE submission_id IN (SELECT id FROM assignment_submissions WHERE ${within})`),
      certificates: await count(`SELECT COUNT(*) AS n FROM certificates WHERE ${within}`),
    };
  }

  /**
   * The enrolments of people who are students and nothing else, not erased yet: the ones retention looks at.
   * Someone who also supervises or coordinates keeps their account for that work.
   */
  async onlyStudentsEnrolments(): Promise<EnrolmentEnd[]> {
    const rows = (await this.manager.query(
      'SELECT e.student_id AS "studentId", CAST(c.start_date AS VARCHAR(10)) AS "startDate", c.curriculum_version_id AS "versionId" FROM enrolments e ' +
        'JOIN cohorts c ON c.id = e.cohort_id ' +
        "WHERE NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = e.student_id AND r.role <> 'student') " +
        "AND NOT EXISTS (SELECT 1 FROM erasure_requests q WHERE q.user_id = e.student_id AND q.state = 'completed')",
    )) as EnrolmentEnd[];
    return rows.map((r) => ({ studentId: Number(r.studentId), startDate: dateText(r.startDate), versionId: Number(r.versionId) }));
  }

  private sql(text: string): string {
    return this.dataSource.options.type === 'postgres' ? text : text.replace(/\$\d+/g, '?');
  }
}

/** A date column as YYYY-MM-DD, whichever way the driver hands it back. */
function dateText(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}
