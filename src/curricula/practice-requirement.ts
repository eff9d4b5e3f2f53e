import type { LocalisedText } from '../i18n/i18n';
import type { CurriculumContent } from './curriculum.types';

/** A practice category whose minimum hours are not yet approved. */
export interface CategoryShortfall {
  key: string;
  title: LocalisedText;
  approved: number;
  minimum: number;
}

/** Where one enrolment stands against the programme's practice requirement. */
export interface PracticeStanding {
  /** The required hours in all are approved, and every category's minimum. */
  met: boolean;
  approved: number;
  required: number;
  /** Categories with a minimum, in the curriculum's order, with those still short of it. */
  minimums: { total: number; met: number; short: CategoryShortfall[] };
}

/**
 * The practice part of the completion rule, the one place it is decided: the programme's required hours
 * approved in all, and in each category with a minimum, at least that minimum. Approved hours are given per
 * category key; keys the programme does not have count for nothing.
 */
export function practiceStanding(content: Pick<CurriculumContent, 'practice'>, approvedByCategory: ReadonlyMap<string, number> | Record<string, number>): PracticeStanding {
  const approvedIn = (key: string) => (approvedByCategory instanceof Map ? approvedByCategory.get(key) : (approvedByCategory as Record<string, number>)[key]) ?? 0;
  const { requiredHours, categories } = content.practice;
  const approved = categories.reduce((sum, c) => sum + approvedIn(c.key), 0);
  const withMinimum = categories.filter((c) => c.minimumHours);
  const short = withMinimum
    .filter((c) => approvedIn(c.key) < c.minimumHours!)
    .map((c) => ({ key: c.key, title: c.title, approved: approvedIn(c.key), minimum: c.minimumHours! }));
  return {
    met: approved >= requiredHours && short.length === 0,
    approved,
    required: requiredHours,
    minimums: { total: withMinimum.length, met: withMinimum.length - short.length, short },
  };
}
