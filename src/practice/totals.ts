import type { EntityManager } from 'typeorm';
import type { CurriculumContent } from '../curricula/curriculum.types';
import { practiceStanding } from '../curricula/practice-requirement';
import { quartersByCategory } from './practice-entries.repository';

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
  const rows = await quartersByCategory(manager, enrolmentId);
  const hours = (category: string, state: string) => rows.filter((r) => r.category === category && r.state === state).reduce((sum, r) => sum + Number(r.quarters) / 4, 0);
  const short = new Set(practiceStanding(content, new Map(content.practice.categories.map((c) => [c.key, hours(c.key, 'approved')]))).minimums.short.map((c) => c.key));
  const categories: CategoryTotal[] = content.practice.categories.map((c) => ({
    key: c.key,
    title: c.title,
    approved: hours(c.key, 'approved'),
    pending: hours(c.key, 'submitted'),
    minimum: c.minimumHours,
    meetsMinimum: c.minimumHours ? !short.has(c.key) : null,
  }));
  const approved = categories.reduce((sum, c) => sum + c.approved, 0);
  const pending = categories.reduce((sum, c) => sum + c.pending, 0);
  const required = content.practice.requiredHours;
  return { categories, approved, pending, required, remaining: Math.max(0, required - approved), percent: required ? Math.min(100, Math.floor((approved / required) * 100)) : 100 };
}
