import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isTrue, toNumber } from '../database/prepared-sql';

export type InvitationState = 'pending' | 'expired' | 'accepted' | 'withdrawn';
export const INVITATION_STATES: readonly InvitationState[] = ['pending', 'expired', 'accepted', 'withdrawn'];

/** One invitation as the list shows it, with the person, the cohort and who sent it. */
export interface InvitationListRow {
  id: number;
  userId: number;
  name: string;
  email: string;
  locale: string | null;
  active: boolean;
  cohortId: number | null;
  cohortName: string | null;
  invitedBy: string | null;
  sentAt: Date;
  expiresAt: number;
  state: InvitationState;
  /** No newer invitation of the same person replaced it. */
  latest: boolean;
}

interface RawRow {
  id: number | string;
  user_id: number | string;
  name: string;
  email: string;
  locale: string | null;
  active: boolean | number;
  cohort_id: number | string | null;
  cohort_name: string | null;
  invited_by: string | null;
  created_at: Date | string;
  expires_at: number | string;
  used_at: number | string | null;
  withdrawn_at: number | string | null;
  latest_id: number | string;
}

/** The state as a number, to sort the open invitations first and to filter on. */
const STATE_RANK = `CASE WHEN i.used_at IS NOT NULL THEN 3 WHEN i.withdrawn_at IS NOT NULL THEN 4 WHEN i.expires_at <= CAST(:now AS BIGINT) THEN 2 ELSE 1 END`;

/**
 * Whom a coordinator manages invitations for: a person invited into one of their cohorts, or a person who
 * is a student or a supervisor in one of them (the same relationships as AccessService decides from).
 */
const COORDINATED = `EXISTS (SELECT 1 FROM cohort_coordinators cc WHERE cc.user_id = :viewerId AND (
    cc.cohort_id = i.cohort_id
    OR EXISTS (SELECT 1 FROM enrolments e WHERE e.cohort_id = cc.cohort_id AND e.student_id = i.user_id)
    OR EXISTS (SELECT 1 FROM enrolments e JOIN enrolment_supervisors es ON es.enrolment_id = e.id WHERE e.cohort_id = cc.cohort_id AND es.user_id = i.user_id)))`;

const COLUMNS = `i.id, i.user_id, u.name, u.email, u.locale, u.active, i.cohort_id, c.name AS cohort_name, b.name AS invited_by,
  i.created_at, i.expires_at, i.used_at, i.withdrawn_at, (SELECT MAX(l.id) FROM invitations l WHERE l.user_id = i.user_id) AS latest_id`;

const FROM = `FROM invitations i JOIN users u ON u.id = i.user_id LEFT JOIN users b ON b.id = i.created_by LEFT JOIN cohorts c ON c.id = i.cohort_id`;

/** Who is asking: an administrator sees every invitation, a coordinator those of their cohorts' people. */
export interface Viewer {
  id: number;
  admin: boolean;
}

/** The invitations list and the lookups around it, on SQLite and PostgreSQL alike. */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Each person's latest invitation the viewer may manage, open ones first, newest first within each state. */
  async list(viewer: Viewer, options: { state?: InvitationState; offset: number; limit: number; now: number }): Promise<InvitationListRow[]> {
    const rows = await this.query<RawRow>(
      `SELECT ${COLUMNS} ${FROM} WHERE ${this.where(viewer, options.state)} ORDER BY ${STATE_RANK}, i.id DESC LIMIT ${Number(options.limit)} OFFSET ${Number(options.offset)}`,
      { viewerId: viewer.id, now: options.now, rank: rankOf(options.state) },
    );
    return rows.map((row) => toRow(row, options.now));
  }

  async count(viewer: Viewer, options: { state?: InvitationState; now: number }): Promise<number> {
    const [row] = await this.query<{ count: number | string }>(`SELECT COUNT(*) AS count ${FROM} WHERE ${this.where(viewer, options.state)}`, {
      viewerId: viewer.id,
      now: options.now,
      rank: rankOf(options.state),
    });
    return toNumber(row.count);
  }

  /** One invitation, if the viewer may manage it; undefined otherwise, exactly as when there is none. */
  async visible(viewer: Viewer, id: number, now: number): Promise<InvitationListRow | undefined> {
    const [row] = await this.query<RawRow>(`SELECT ${COLUMNS} ${FROM} WHERE i.id = :id${viewer.admin ? '' : ` AND ${COORDINATED}`}`, { id, viewerId: viewer.id, now });
    return row ? toRow(row, now) : undefined;
  }

  /** A cohort's name and programme version, for the invitation e-mail. */
  async cohort(cohortId: number, manager?: EntityManager): Promise<{ name: string; curriculumVersionId: number } | undefined> {
    const [row] = await this.query<{ name: string; curriculum_version_id: number | string }>(
      'SELECT name, curriculum_version_id FROM cohorts WHERE id = :cohortId',
      { cohortId },
      manager,
    );
    return row ? { name: row.name, curriculumVersionId: Number(row.curriculum_version_id) } : undefined;
  }

  /**
   * Holds the person's account row until the transaction ends, so that two links made for one person at the
   * same moment (two clicks on "send again", two requests for a new password) come one after the other and
   * only the later stays open. SQLite runs one transaction at a time already.
   */
  async lockAccount(manager: EntityManager, userId: number): Promise<void> {
    if (this.dataSource.options.type === 'postgres') await this.query('SELECT id FROM users WHERE id = :userId FOR UPDATE', { userId }, manager);
  }

  private where(viewer: Viewer, state: InvitationState | undefined): string {
    const conditions = ['i.id = (SELECT MAX(l.id) FROM invitations l WHERE l.user_id = i.user_id)'];
    if (!viewer.admin) conditions.push(COORDINATED);
    if (state) conditions.push(`${STATE_RANK} = CAST(:rank AS INTEGER)`);
    return conditions.join(' AND ');
  }

  private async query<R>(sql: string, params: Record<string, string | number>, manager?: EntityManager): Promise<R[]> {
    // Only the parameters the text names: the driver refuses values it has no place for.
    const used = Object.fromEntries(Object.entries(params).filter(([name]) => new RegExp(`:${name}\\b`).test(sql)));
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, used);
    return (await (manager ?? this.dataSource.manager).query(text, values)) as R[];
  }
}

function rankOf(state: InvitationState | undefined): number {
  return state ? INVITATION_STATES.indexOf(state) + 1 : 0;
}

function millis(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

/** SQLite keeps the creation time as UTC text without a zone; PostgreSQL answers a Date. */
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}

function toRow(row: RawRow, now: number): InvitationListRow {
  const expiresAt = Number(row.expires_at);
  const state: InvitationState =
    row.used_at !== null ? 'accepted' : row.withdrawn_at !== null ? 'withdrawn' : expiresAt <= now ? 'expired' : 'pending';
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    name: row.name,
    email: row.email,
    locale: row.locale,
    active: isTrue(row.active),
    cohortId: millis(row.cohort_id),
    cohortName: row.cohort_name,
    invitedBy: row.invited_by,
    sentAt: toDate(row.created_at),
    expiresAt,
    state,
    latest: Number(row.latest_id) === Number(row.id),
  };
}
