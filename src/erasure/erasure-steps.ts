import { tombstoneEmail, tombstoneName } from '../users/tombstone';
import type { EntityManager } from 'typeorm';
import type { LedgerService } from '../ledger/ledger.service';

/** What every step of an erasure knows: whom it erases, and where it writes. */
export interface ErasureContext {
  manager: EntityManager;
  ledger: LedgerService;
  userId: number;
  /** The person's name and address as they were, to find copies of them in other people's rows. */
  name: string;
  email: string;
  /** The person's enrolments as a student: everything within them is about the person. */
  enrolmentIds: number[];
  /** Stored names of attachments to delete from disk once the transaction has committed. */
  files: string[];
}

/** One table's part of an erasure. */
export interface ErasureStep {
  table: string;
  run(context: ErasureContext): Promise<unknown>;
}

/** Runs SQL written with $1, $2… (each used once, in order) on either database. */
function query(context: ErasureContext, text: string, params: unknown[] = []): Promise<unknown> {
  const postgres = context.manager.connection.options.type === 'postgres';
  return context.manager.query(postgres ? text : text.replace(/\$\d+/g, '?'), params);
}

/** `$from, $from+1, …` for a list of ids. */
function placeholders(ids: unknown[], from = 1): string {
  return ids.map((_, i) => `$${from + i}`).join(', ');
}

/** A step on the rows within the person's enrolments; nothing to do for someone never enrolled. */
function withinEnrolments(table: string, statement: (list: string) => string): ErasureStep {
  return {
    table,
    run: async (c) => {
      if (c.enrolmentIds.length > 0) await query(c, statement(placeholders(c.enrolmentIds)), c.enrolmentIds);
    },
  };
}

/** `value` with LIKE's wildcards (and its escape character) escaped by a backslash. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** A LIKE pattern that finds `value` anywhere in a text, matched case-insensitively. */
const anywhere = (value: string) => `%${escapeLike(value.toLowerCase())}%`;

/**
 * Where a person's data live, table by table, and what erasure does there. The user row itself stays as an
 * anonymous tombstone (last), so that foreign keys and the ledger's actor ids keep pointing somewhere.
 * A feature that adds a table holding a person's data adds its step here.
 *
 * Kept, and why: enrolments, lesson progress, attendance and practice entries' hours, dates, categories and
 * states, which cohort figures and an issued certificate's hours were counted from; they are anonymous once
 * the person is. Texts others wrote about the person's work (return comments, feedback, sign-off comments)
 * go with the person's texts, since they quote and discuss them. Audit events hold only ids and stay.
 */
export const ERASURE_STEPS: ErasureStep[] = [
  { table: 'sessions', run: (c) => query(c, 'DELETE FROM sessions WHERE user_id = $1', [c.userId]) },
  { table: 'sign_in_links', run: (c) => query(c, 'DELETE FROM sign_in_links WHERE user_id = $1', [c.userId]) },
  { table: 'second_factors', run: (c) => query(c, 'DELETE FROM second_factors WHERE user_id = $1', [c.userId]) },
  { table: 'recovery_codes', run: (c) => query(c, 'DELETE FROM recovery_codes WHERE user_id = $1', [c.userId]) },
  { table: 'invitations', run: (c) => query(c, 'DELETE FROM invitations WHERE user_id = $1', [c.userId]) },
  { table: 'password_resets', run: (c) => query(c, 'DELETE FROM password_resets WHERE user_id = $1', [c.userId]) },
  // Counted attempts are keyed `purpose:value`: by the address typed (sign-in, reset) or by the account (password checks).
  {
    table: 'login_throttle',
    run: (c) => query(c, "DELETE FROM login_throttle WHERE lower(key) LIKE $1 ESCAPE '\\' OR key = $2", [`%:${escapeLike(c.email.toLowerCase())}`, `password-change:${c.userId}`]),
  },
  { table: 'notification_preferences', run: (c) => query(c, 'DELETE FROM notification_preferences WHERE user_id = $1', [c.userId]) },
  { table: 'notification_digests', run: (c) => query(c, 'DELETE FROM notification_digests WHERE user_id = $1', [c.userId]) },
  {
    // Their own notifications, and other people's about their enrolments (which name them).
    table: 'notifications',
    run: async (c) => {
      await query(c, 'DELETE FROM notifications WHERE user_id = $1', [c.userId]);
      for (const enrolmentId of c.enrolmentIds) {
        const rows = (await query(c, 'SELECT id, data FROM notifications WHERE data LIKE $1', [`%"enrolmentId":${enrolmentId}%`])) as { id: number; data: string }[];
        const about = rows.filter((row) => (JSON.parse(row.data) as { enrolmentId?: number }).enrolmentId === enrolmentId).map((row) => Number(row.id));
        if (about.length > 0) await query(c, `DELETE FROM notifications WHERE id IN (${placeholders(about)})`, about);
      }
    },
  },
  {
    // Mail to them, and mail to others that names them or their address (a new hand-in, waiting entries).
    table: 'mail_outbox',
    run: (c) => {
      const name = anywhere(c.name);
      const email = anywhere(c.email);
      const like = (column: string, n: number) => `lower(${column}) LIKE $${n} ESCAPE '\\' OR lower(${column}) LIKE $${n + 1} ESCAPE '\\'`;
      return query(c, `DELETE FROM mail_outbox WHERE lower(to_address) = $1 OR ${like('subject', 2)} OR ${like('html', 4)} OR ${like('text', 6)}`, [
        c.email.toLowerCase(), name, email, name, email, name, email,
      ]);
    },
  },
  withinEnrolments('reflections', (list) => `DELETE FROM reflections WHERE enrolment_id IN (${list})`),
  withinEnrolments(
    'practice_entries',
    (list) => `UPDATE practice_entries SET description = '', reflection = NULL, reflection_themes = '', reflection_shared = false, return_comment = NULL WHERE enrolment_id IN (${list})`,
  ),
  withinEnrolments('module_signoffs', (list) => `UPDATE module_signoffs SET comment = NULL WHERE enrolment_id IN (${list})`),
  {
    table: 'submission_files',
    run: async (c) => {
      if (c.enrolmentIds.length === 0) return;
      const inSubmissions = `submission_id IN (SELECT id FROM assignment_submissions WHERE enrolment_id IN (${placeholders(c.enrolmentIds)}))`;
      const rows = (await query(c, `SELECT stored_name FROM submission_files WHERE ${inSubmissions}`, c.enrolmentIds)) as { stored_name: string }[];
      c.files.push(...rows.map((row) => row.stored_name));
      await query(c, `DELETE FROM submission_files WHERE ${inSubmissions}`, c.enrolmentIds);
    },
  },
  withinEnrolments('assignment_feedback', (list) => `UPDATE assignment_feedback SET text = '' WHERE submission_id IN (SELECT id FROM assignment_submissions WHERE enrolment_id IN (${list}))`),
  withinEnrolments('assignment_submissions', (list) => `UPDATE assignment_submissions SET text = '' WHERE enrolment_id IN (${list})`),
  // The consent ends with the person: their employer follows no one.
  withinEnrolments('employer_consents', (list) => `DELETE FROM employer_consents WHERE enrolment_id IN (${list})`),
  withinEnrolments('employer_views', (list) => `DELETE FROM employer_views WHERE enrolment_id IN (${list})`),
  // The code still verifies; the page says the holder's name was erased.
  withinEnrolments('certificates', (list) => `UPDATE certificates SET student_name = '', revoke_reason = NULL WHERE enrolment_id IN (${list})`),
  { table: 'ledger_records', run: async (c) => void (await c.ledger.erasePayloads(c.manager, c.enrolmentIds)) },
  // As staff: no longer named on anyone's enrolment or cohort.
  { table: 'enrolment_supervisors', run: (c) => query(c, 'DELETE FROM enrolment_supervisors WHERE user_id = $1', [c.userId]) },
  { table: 'cohort_coordinators', run: (c) => query(c, 'DELETE FROM cohort_coordinators WHERE user_id = $1', [c.userId]) },
  { table: 'enrolments', run: (c) => query(c, 'UPDATE enrolments SET assessor_id = NULL WHERE assessor_id = $1', [c.userId]) },
  { table: 'user_roles', run: (c) => query(c, 'DELETE FROM user_roles WHERE user_id = $1', [c.userId]) },
  {
    table: 'users',
    run: (c) =>
      query(
        c,
        'UPDATE users SET name = $1, email = $2, password_hash = NULL, locale = NULL, organisation_id = NULL, active = false, last_sign_in_at = NULL, ' +
          'calendar_generation = calendar_generation + 1, version = version + 1 WHERE id = $3',
        [tombstoneName(c.userId), tombstoneEmail(c.userId), c.userId],
      ),
  },
];

