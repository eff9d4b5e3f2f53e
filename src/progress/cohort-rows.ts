import type { AttendanceRate } from '../cohorts/attendance-rate';
import type { Pace } from './pace';

/** One student's line in the coordinator's cohort table. */
export interface CohortProgressRow {
  enrolmentId: number;
  name: string;
  approved: number;
  pending: number;
  required: number;
  attendance: AttendanceRate;
  modules: { signedOff: number; total: number };
  assignment: AssignmentSummary;
  pace: Pace;
}

/** The project assignment in a few words: not required, or how many milestones are approved and whether one is late. */
export interface AssignmentSummary {
  required: boolean;
  approved: number;
  total: number;
  overdue: boolean;
}

export function summariseAssignment(status: { required: boolean; milestones: { state: string; overdue: boolean }[] }): AssignmentSummary {
  return {
    required: status.required,
    approved: status.milestones.filter((m) => m.state === 'approved').length,
    total: status.milestones.length,
    overdue: status.milestones.some((m) => m.overdue),
  };
}

export const SORT_KEYS = ['name', 'hours', 'attendance', 'modules', 'behind'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** What the table shows, read from the query string; anything unknown falls back to the default. */
export interface ListState {
  sort: SortKey;
  dir: SortDir;
  show: 'all' | 'behind';
  q: string;
}

export const DEFAULT_STATE: ListState = { sort: 'name', dir: 'asc', show: 'all', q: '' };

export function readListState(query: Record<string, unknown>): ListState {
  const one = (value: unknown) => (Array.isArray(value) ? value[0] : value);
  const sort = one(query.sort);
  const dir = one(query.dir);
  const q = one(query.q);
  return {
    sort: (SORT_KEYS as readonly unknown[]).includes(sort) ? (sort as SortKey) : DEFAULT_STATE.sort,
    dir: dir === 'desc' ? 'desc' : 'asc',
    show: one(query.show) === 'behind' ? 'behind' : 'all',
    q: typeof q === 'string' ? q.trim().slice(0, 100) : '',
  };
}

/** The query string for a state, leaving out what is the default, so links stay short. */
export function queryString(state: ListState): string {
  const params = new URLSearchParams();
  if (state.sort !== DEFAULT_STATE.sort || state.dir !== DEFAULT_STATE.dir) {
    params.set('sort', state.sort);
    params.set('dir', state.dir);
  }
  if (state.show !== DEFAULT_STATE.show) params.set('show', state.show);
  if (state.q) params.set('q', state.q);
  const text = params.toString();
  return text ? `?${text}` : '';
}

const collator = new Intl.Collator('nb', { sensitivity: 'base' });

/** The value a column sorts by; ties fall back to the name, always A to Z. */
const sortValue: Record<Exclude<SortKey, 'name'>, (row: CohortProgressRow) => number[]> = {
  hours: (row) => [row.approved, row.pending],
  // Nothing recorded yet sorts below 0 %.
  attendance: (row) => [row.attendance.percent ?? -1],
  modules: (row) => [row.modules.total ? row.modules.signedOff / row.modules.total : 1, row.modules.signedOff],
  // On pace first when ascending; behind for both reasons last.
  behind: (row) => [row.pace.reasons.length],
};

export function sortRows(rows: CohortProgressRow[], sort: SortKey, dir: SortDir): CohortProgressRow[] {
  const sign = dir === 'desc' ? -1 : 1;
  const byName = (a: CohortProgressRow, b: CohortProgressRow) => collator.compare(a.name, b.name) || a.enrolmentId - b.enrolmentId;
  return [...rows].sort((a, b) => {
    if (sort === 'name') return sign * byName(a, b);
    const va = sortValue[sort](a);
    const vb = sortValue[sort](b);
    for (let i = 0; i < va.length; i++) if (va[i] !== vb[i]) return sign * (va[i] - vb[i]);
    return byName(a, b);
  });
}

/** Only those behind, and/or those whose name holds the search text (ignoring case; å is not a). */
export function filterRows(rows: CohortProgressRow[], state: Pick<ListState, 'show' | 'q'>): CohortProgressRow[] {
  const needle = fold(state.q);
  return rows.filter((row) => (state.show === 'all' || !row.pace.onPace) && (!needle || fold(row.name).includes(needle)));
}

function fold(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('nb').trim();
}

/** A column header as a link that sorts by it: ascending first, the other way when it is already sorted so. */
export function sortHeaders(state: ListState, path: string): { key: SortKey; href: string; ariaSort?: 'ascending' | 'descending'; nextDir: SortDir }[] {
  return SORT_KEYS.map((key) => {
    const sorted = state.sort === key;
    const nextDir: SortDir = sorted && state.dir === 'asc' ? 'desc' : 'asc';
    return {
      key,
      href: path + queryString({ ...state, sort: key, dir: nextDir }),
      ariaSort: sorted ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined,
      nextDir,
    };
  });
}
