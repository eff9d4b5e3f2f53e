import { ATTENDANCE_STATUSES, type AttendanceStatus } from './attendance-record.entity';

/**
 * The attendance form for one day, as posted: `status_<enrolmentId>` is the choice
 * for a student (missing or empty: leave as it is), `shown_<enrolmentId>` what the
 * page showed as recorded when it was opened (empty: nothing), to notice a change
 * someone else saved in the meantime. Every other field is ignored.
 */
export interface RegisterForm {
  /** The chosen status per enrolment; students left blank are not here. */
  statuses: Map<number, AttendanceStatus>;
  /** What the page showed per enrolment; an enrolment missing here is not checked for conflicts. */
  shown: Map<number, AttendanceStatus | null>;
  /** Message keys by the id of the element they belong to; empty when the form may be saved. */
  errors: Record<string, string>;
  /** The choices as posted, by field name, to show them again. */
  values: Record<string, string>;
}

export const statusField = (enrolmentId: number) => `status_${enrolmentId}`;
export const shownField = (enrolmentId: number) => `shown_${enrolmentId}`;

/** The id of the form, for a message about the form as a whole. */
export const REGISTER_FORM_ID = 'register';

const FIELD = /^(status|shown)_(.*)$/;

function isStatus(value: string): value is AttendanceStatus {
  return (ATTENDANCE_STATUSES as readonly string[]).includes(value);
}

/**
 * Reads the posted form against the cohort's enrolments. A field naming an enrolment
 * outside the cohort (or no enrolment at all) refuses the whole form: it was not made by
 * our page, and nothing of it is written.
 */
export function parseRegisterForm(body: unknown, enrolmentIds: readonly number[]): RegisterForm {
  const form: RegisterForm = { statuses: new Map(), shown: new Map(), errors: {}, values: {} };
  const known = new Set(enrolmentIds);
  const entries = body && typeof body === 'object' ? Object.entries(body as Record<string, unknown>) : [];
  for (const [name, raw] of entries) {
    const match = FIELD.exec(name);
    if (!match) continue;
    const [, kind, idText] = match;
    const enrolmentId = /^[1-9]\d{0,15}$/.test(idText) ? Number(idText) : NaN;
    if (!known.has(enrolmentId)) {
      form.errors[REGISTER_FORM_ID] = 'attendance.register.error.unknownStudent';
      continue;
    }
    // A repeated field arrives as an array: not something our page sends.
    const value = typeof raw === 'string' ? raw : undefined;
    if (kind === 'status') {
      if (value !== undefined) form.values[name] = value;
      if (value === '') continue;
      if (value === undefined || !isStatus(value)) form.errors[name] = 'attendance.register.error.status';
      else form.statuses.set(enrolmentId, value);
    } else if (value === '' || (value !== undefined && isStatus(value))) {
      form.shown.set(enrolmentId, value === '' ? null : value);
    } else {
      form.errors[REGISTER_FORM_ID] ??= 'attendance.register.error.malformed';
    }
  }
  return form;
}
