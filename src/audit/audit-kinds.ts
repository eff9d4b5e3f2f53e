/**
 * What the audit log records. Each kind names one act; the object and detail say what it was done to, never
 * the texts a person wrote, so the log itself holds no more about anyone than it must.
 */
export const AUDIT_KINDS = [
  'sign_in',
  'sign_in_failed',
  'sign_in_throttled',
  'sign_out',
  'password_changed',
  'password_reset',
  'second_factor_enabled',
  'second_factor_disabled',
  'second_factor_failed',
  'recovery_code_used',
  'recovery_codes_renewed',
  'second_factor_passed',
  'account_created',
  'invitation_accepted',
  'account_changed',
  'roles_changed',
  'account_deactivated',
  'account_reactivated',
  'consent_given',
  'consent_withdrawn',
  'data_exported',
  'erasure_requested',
  'erasure_cancelled',
  'erasure_completed',
  'retention_anonymised',
  'audit_exported',
  'admin_act',
  'sign_in_link_added',
  'sign_in_link_removed',
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];

export function isAuditKind(value: unknown): value is AuditKind {
  return typeof value === 'string' && (AUDIT_KINDS as readonly string[]).includes(value);
}

/** The kinds a person sees as their own sign-in history. */
export const SIGN_IN_KINDS: readonly AuditKind[] = [
  'sign_in',
  'sign_in_failed',
  'sign_in_throttled',
  'sign_out',
  'second_factor_failed',
  'second_factor_passed',
  'recovery_code_used',
];
