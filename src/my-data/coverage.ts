/**
 * Which tables the "My data" export covers and which it leaves out, in one place. The schema walk in
 * test/my-data.e2e-spec.ts finds every table that holds something about a person and fails on one that is in
 * neither list, so a new table cannot be forgotten: add it to the export, or say here why it stays out.
 */

export interface CoveredTable {
  /** The files of the archive that hold this table's rows for the person (the person's own rows or their acts). */
  files: string[];
  /** Columns never written to the archive: credentials, and blobs that carry them. */
  secretColumns?: string[];
}

export const COVERED_TABLES: Record<string, CoveredTable> = {
  users: { files: ['account.json'], secretColumns: ['password_hash'] },
  user_roles: { files: ['account.json'] },
  enrolments: { files: ['enrolments.json', 'supervising.json'] },
  enrolment_supervisors: { files: ['enrolments.json', 'supervising.json'] },
  cohort_coordinators: { files: ['coordinating.json'] },
  lesson_progress: { files: ['lessons-done.json'] },
  reflections: { files: ['reflections.json'] },
  module_signoffs: { files: ['module-signoffs.json', 'signoffs-made.json'] },
  practice_entries: { files: ['practice-entries.json', 'decisions-made.json'] },
  ledger_records: { files: ['practice-entries.json', 'module-signoffs.json', 'hand-ins.json', 'certificates.json', 'ledger-acts.json'] },
  assignment_submissions: { files: ['hand-ins.json'] },
  submission_files: { files: ['hand-ins.json'] },
  assignment_feedback: { files: ['hand-ins.json', 'feedback-given.json'] },
  attendance_records: { files: ['attendance.json', 'attendance-kept.json'] },
  attendance_changes: { files: ['attendance.json', 'attendance-kept.json'] },
  employer_consents: { files: ['consents.json', 'consents-received.json'] },
  employer_views: { files: ['employer-looks.json', 'employer-looks-made.json'] },
  certificates: { files: ['certificates.json', 'certificates-issued.json'] },
  notifications: { files: ['notifications.json'] },
  notification_preferences: { files: ['notification-preferences.json'] },
  notification_digests: { files: ['notification-digests.json'] },
  audit_events: { files: ['sign-in-history.json'] },
  // The session's id is its cookie, and its data blob holds the CSRF secret: only times and device go out.
  sessions: { files: ['sessions.json'], secretColumns: ['id', 'json'] },
  sign_in_links: { files: ['sign-in-links.json'] },
  // The secret makes codes and the hashes stand for codes: neither leaves the server.
  second_factors: { files: ['second-factor.json'], secretColumns: ['secret'] },
  recovery_codes: { files: ['recovery-codes.json'], secretColumns: ['code_hash'] },
  erasure_requests: { files: ['erasure-requests.json'] },
  invitations: { files: ['invitations.json', 'invitations-sent.json'], secretColumns: ['token_hash'] },
  password_resets: { files: ['password-resets.json'], secretColumns: ['token_hash'] },
  // Message bodies carry one-time links (invitations, resets, unsubscribe): subject, kind and times go out.
  mail_outbox: { files: ['messages.json'], secretColumns: ['html', 'text', 'headers'] },
};

/** Tables that refer to a person but stay out of the export, each with the reason. */
export const LEFT_OUT_TABLES: Record<string, string> = {
  organisations: 'An organisation and its contact address; the person’s own organisation is named in account.json.',
};
