import type { EntityManager } from 'typeorm';
import { ModuleSignoff } from '../learning/module-signoff.entity';
import { PracticeEntry } from '../practice/practice-entry.entity';

/**
 * What the progress views read from other features' tables, each in one query for a whole cohort,
 * counted and summed in the database: never one query per student.
 */

/** Approved and pending (submitted) practice hours per enrolment: one grouped query. */
export async function hoursByEnrolment(manager: EntityManager, enrolmentIds: number[]): Promise<Map<number, { approved: number; pending: number }>> {
  const result = new Map(enrolmentIds.map((id) => [id, { approved: 0, pending: 0 }]));
  if (enrolmentIds.length === 0) return result;
  const rows: { enrolmentId: number | string; state: string; quarters: number | string }[] = await manager
    .createQueryBuilder(PracticeEntry, 'e')
    .select('e.enrolmentId', 'enrolmentId')
    .addSelect('e.state', 'state')
    .addSelect('SUM(e.quarterHours)', 'quarters')
    .where('e.enrolmentId IN (:...enrolmentIds) AND e.state IN (:...states)', { enrolmentIds, states: ['approved', 'submitted'] })
    .groupBy('e.enrolmentId')
    .addGroupBy('e.state')
    .getRawMany();
  for (const row of rows) {
    const totals = result.get(Number(row.enrolmentId));
    if (!totals) continue;
    if (row.state === 'approved') totals.approved = Number(row.quarters) / 4;
    else totals.pending = Number(row.quarters) / 4;
  }
  return result;
}

/** Approved hours per practice date, summed over the enrolments: grouped by date in SQL, bucketed into weeks or months in code. */
export async function approvedHoursByDate(manager: EntityManager, enrolmentIds: number[]): Promise<{ date: string; hours: number }[]> {
  if (enrolmentIds.length === 0) return [];
  const rows: { date: string | Date; quarters: number | string }[] = await manager
    .createQueryBuilder(PracticeEntry, 'e')
    .select('e.date', 'date')
    .addSelect('SUM(e.quarterHours)', 'quarters')
    .where('e.enrolmentId IN (:...enrolmentIds) AND e.state = :state', { enrolmentIds, state: 'approved' })
    .groupBy('e.date')
    .orderBy('e.date', 'ASC')
    .getRawMany();
  return rows.map((row) => ({ date: calendarDate(row.date), hours: Number(row.quarters) / 4 }));
}

/** The modules signed off per enrolment: the latest decision per module counts, as on the student's own pages. */
export async function signedOffModules(manager: EntityManager, enrolmentIds: number[]): Promise<Map<number, Set<string>>> {
  const result = new Map(enrolmentIds.map((id) => [id, new Set<string>()]));
  if (enrolmentIds.length === 0) return result;
  const rows: { enrolmentId: number | string; moduleKey: string; decision: string }[] = await manager
    .createQueryBuilder(ModuleSignoff, 's')
    .select('s.enrolmentId', 'enrolmentId')
    .addSelect('s.moduleKey', 'moduleKey')
    .addSelect('s.decision', 'decision')
    .where('s.enrolmentId IN (:...enrolmentIds)', { enrolmentIds })
    .orderBy('s.id', 'ASC')
    .getRawMany();
  for (const row of rows) {
    const signed = result.get(Number(row.enrolmentId));
    if (!signed) continue;
    if (row.decision === 'signed_off') signed.add(row.moduleKey);
    else signed.delete(row.moduleKey);
  }
  return result;
}

/** A raw `date` column as YYYY-MM-DD: SQLite gives the text, the pg driver a Date at local midnight. */
export function calendarDate(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}
