import { attendanceRate } from '../cohorts/attendance-rate';
import { CohortProgressRow, filterRows, queryString, readListState, sortHeaders, sortRows, summariseAssignment } from './cohort-rows';

let nextId = 1;
function row(name: string, change: { approved?: number; pending?: number; present?: number; absent?: number; signedOff?: number; behind?: ('hours' | 'modules')[] } = {}): CohortProgressRow {
  const reasons = change.behind ?? [];
  return {
    enrolmentId: nextId++,
    name,
    approved: change.approved ?? 0,
    pending: change.pending ?? 0,
    required: 90,
    attendance: attendanceRate(change.present === undefined ? {} : { present: change.present, absent: change.absent ?? 0 }, 80),
    modules: { signedOff: change.signedOff ?? 0, total: 5 },
    assignment: { required: false, approved: 0, total: 0, overdue: false },
    pace: { onPace: reasons.length === 0, reasons, expectedHours: 30, lateCategories: [], lateModules: reasons.includes('modules') ? ['a'] : [] },
  };
}

const rows = [
  row('Åse', { approved: 40, present: 9, absent: 1, signedOff: 2 }),
  row('bjørn', { approved: 10, pending: 5, present: 5, absent: 5, behind: ['hours'] }),
  row('Anders', { approved: 10, pending: 8, signedOff: 1, behind: ['hours', 'modules'] }),
  row('Ærlige Eva', { approved: 55, present: 10, signedOff: 4 }),
];
const names = (list: CohortProgressRow[]) => list.map((r) => r.name);

describe('sortRows', () => {
  it('sorts names the Norwegian way (Æ, Ø, Å after Z), ignoring case', () => {
    expect(names(sortRows(rows, 'name', 'asc'))).toEqual(['Anders', 'bjørn', 'Ærlige Eva', 'Åse']);
    expect(names(sortRows(rows, 'name', 'desc'))).toEqual(['Åse', 'Ærlige Eva', 'bjørn', 'Anders']);
  });

  it('sorts by approved hours both ways, then by pending hours, then by name', () => {
    expect(names(sortRows(rows, 'hours', 'asc'))).toEqual(['bjørn', 'Anders', 'Åse', 'Ærlige Eva']);
    expect(names(sortRows(rows, 'hours', 'desc'))).toEqual(['Ærlige Eva', 'Åse', 'Anders', 'bjørn']);
  });

  it('puts students without recorded attendance below 0 %', () => {
    expect(names(sortRows(rows, 'attendance', 'asc'))).toEqual(['Anders', 'bjørn', 'Åse', 'Ærlige Eva']);
  });

  it('sorts by modules signed off', () => {
    expect(names(sortRows(rows, 'modules', 'desc'))).toEqual(['Ærlige Eva', 'Åse', 'Anders', 'bjørn']);
  });

  it('puts those behind for most reasons first when descending, ties by name A to Z either way', () => {
    expect(names(sortRows(rows, 'behind', 'desc'))).toEqual(['Anders', 'bjørn', 'Ærlige Eva', 'Åse']);
    expect(names(sortRows(rows, 'behind', 'asc'))).toEqual(['Ærlige Eva', 'Åse', 'bjørn', 'Anders']);
  });

  it('leaves the list it was given as it was', () => {
    const copy = [...rows];
    sortRows(rows, 'hours', 'desc');
    expect(rows).toEqual(copy);
  });
});

describe('filterRows', () => {
  it('keeps only those behind', () => {
    expect(names(filterRows(rows, { show: 'behind', q: '' }))).toEqual(['bjørn', 'Anders']);
  });

  it('finds names holding the search text, whatever the case, with å kept apart from a', () => {
    expect(names(filterRows(rows, { show: 'all', q: 'BJØ' }))).toEqual(['bjørn']);
    expect(names(filterRows(rows, { show: 'all', q: 'å' }))).toEqual(['Åse']);
    expect(names(filterRows(rows, { show: 'behind', q: 'eva' }))).toEqual([]);
  });
});

describe('the list state in the address', () => {
  it('reads what it knows and falls back for the rest', () => {
    expect(readListState({ sort: 'hours', dir: 'desc', show: 'behind', q: '  Kari ' })).toEqual({ sort: 'hours', dir: 'desc', show: 'behind', q: 'Kari' });
    expect(readListState({ sort: 'email', dir: 'sideways', show: 'x', q: ['a', 'b'] })).toEqual({ sort: 'name', dir: 'asc', show: 'all', q: 'a' });
    expect(readListState({ q: 'x'.repeat(500) }).q).toHaveLength(100);
  });

  it('writes only what differs from the default, escaped', () => {
    expect(queryString({ sort: 'name', dir: 'asc', show: 'all', q: '' })).toBe('');
    expect(queryString({ sort: 'hours', dir: 'desc', show: 'behind', q: 'Åse & co' })).toBe('?sort=hours&dir=desc&show=behind&q=%C3%85se+%26+co');
  });

  it('makes each header a link that sorts by it, the other way round when it is the sorted one, keeping the filter', () => {
    const headers = sortHeaders({ sort: 'hours', dir: 'asc', show: 'behind', q: 'a' }, '/cohorts/1/progress');
    const hours = headers.find((h) => h.key === 'hours')!;
    expect(hours).toMatchObject({ ariaSort: 'ascending', nextDir: 'desc', href: '/cohorts/1/progress?sort=hours&dir=desc&show=behind&q=a' });
    const name = headers.find((h) => h.key === 'name')!;
    expect(name).toMatchObject({ ariaSort: undefined, nextDir: 'asc', href: '/cohorts/1/progress?show=behind&q=a' });
    expect(headers.filter((h) => h.ariaSort)).toHaveLength(1);
  });
});

describe('summariseAssignment', () => {
  it('counts approved milestones and notices one that is overdue', () => {
    const status = {
      required: true,
      milestones: [
        { state: 'approved', overdue: false },
        { state: 'revision_requested', overdue: true },
        { state: 'not_submitted', overdue: false },
      ],
    };
    expect(summariseAssignment(status)).toEqual({ required: true, approved: 1, total: 3, overdue: true });
    expect(summariseAssignment({ required: false, milestones: [] })).toEqual({ required: false, approved: 0, total: 0, overdue: false });
  });
});
