import { addMonths } from '../common/dates';

/** Audit events are kept at least this long, and longer when the retention period is longer. */
export const MIN_AUDIT_MONTHS = 24;

/** How many months the audit log keeps events, given the installation's retention period (if any). */
export function auditMonths(retentionMonths: number | undefined): number {
  return Math.max(retentionMonths ?? 0, MIN_AUDIT_MONTHS);
}

/**
 * The people whose every enrolment ended more than `months` before `today` (YYYY-MM-DD), from the last day of
 * each enrolment's programme. One enrolment still running, or ended more recently, keeps the person.
 */
export function pastRetention(ends: { personId: number; endDate: string }[], today: string, months: number): number[] {
  const cutoff = addMonths(today, -months);
  const latest = new Map<number, string>();
  for (const { personId, endDate } of ends) {
    const before = latest.get(personId);
    if (!before || endDate > before) latest.set(personId, endDate);
  }
  return [...latest].filter(([, end]) => end < cutoff).map(([personId]) => personId).sort((a, b) => a - b);
}
