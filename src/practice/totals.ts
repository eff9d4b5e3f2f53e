import type { EntityManager } from 'typeorm';
import type { CurriculumContent } from '../curricula/curriculum.types';
import { PracticeEntry } from './practice-entry.entity';

export interface CategoryTotal {
  key: string;
  title: CurriculumContent['practice']['categories'][number]['title'];
  approved: number;
  pending: number;
  minimum?: number;
  meetsMinimum: boolean | null;
}

/** Approved and pending (submitted) hours by category, summed in the database, against the programme's requirements. */
export async function practiceTotals(manager: EntityManager, enrolmentId: number, content: CurriculumContent) {
  const rows: { category: string; state: string; quarters: string | number }[] = await manager
    .createQueryBuilder(PracticeEntry, 'e')
    .select('e.category', 'category')
    .addSelect('e.state', 'state')
    .addSelect('SUM(e.quarterHours)', 'quarters')
    .where('e.enrolmentId = :enrolmentId AND e.state IN (:...states)', { enrolmentId, states: ['approved', 'submitted'] })
    .groupBy('e.category')
    .addGroupBy('e.state')
    .getRawMany();
  const hours = (category: string, state: string) => rows.filter((r) => r.category === category && r.state === state).reduce((sum, r) => sum + Number(r.quarters) / 4, 0);
  const categories: CategoryTotal[] = content.practice.categories.map((c) => {
    const approved = hours(c.key, 'approved');
    return { key: c.key, title: c.title, approved, pending: hours(c.key, 'submitted'), minimum: c.minimumHours, meetsMinimum: c.minimumHours ? approved >= c.minimumHours : null };
  });
  const approved = categories.reduce((sum, c) => sum + c.approved, 0);
  const pending = categories.reduce((sum, c) => sum + c.pending, 0);
  const required = content.practice.requiredHours;
  return { categories, approved, pending, required, remaining: Math.max(0, required - approved), percent: required ? Math.min(100, Math.floor((approved / required) * 100)) : 100 };
}
