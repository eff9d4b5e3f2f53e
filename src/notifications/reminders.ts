import { daysBetween } from '../common/dates';

/** Students are reminded this many days before a milestone is due: a week ahead, and the day before. */
export const REMINDER_DAYS = [7, 1] as const;
export type ReminderDay = (typeof REMINDER_DAYS)[number];

/**
 * Which reminder, if any, is due for a milestone on `today` (both YYYY-MM-DD, Norwegian dates), given the
 * reminders already sent for it. The week's reminder goes from seven days before until two days before,
 * so that a day the job did not run (a server down) does not lose it; the last one goes the day before.
 * At most one is due at a time, and none on or after the due date.
 */
export function reminderDue(dueDate: string, today: string, sent: ReadonlySet<number>): ReminderDay | null {
  const daysLeft = daysBetween(today, dueDate);
  if (daysLeft === 1) return sent.has(1) ? null : 1;
  if (daysLeft >= 2 && daysLeft <= 7) return sent.has(7) ? null : 7;
  return null;
}
