import type { CurriculumContent } from '../curricula/curriculum.types';
import { assignmentStatus, canSubmit, dueDate, isOverdue } from './milestones';

function programme(unit: 'weeks' | 'months', milestones: { key: string; dueAfter: number }[] | undefined, required = true): CurriculumContent {
  return {
    duration: { unit, length: 12 },
    assignment: milestones && { title: { nb: 'Oppgave' }, milestones: milestones.map((m) => ({ ...m, title: { nb: m.key, en: m.key } })) },
    completion: { modulesSignedOff: true, practiceHours: true, attendance: true, assignment: required && Boolean(milestones) },
  } as unknown as CurriculumContent;
}

const MB = programme('months', [
  { key: 'proposal', dueAfter: 5 },
  { key: 'draft', dueAfter: 10 },
  { key: 'final', dueAfter: 12 },
]);

describe('dueDate', () => {
  it('is the start plus dueAfter whole months', () => {
    expect(dueDate('2026-08-01', 'months', 5)).toBe('2027-01-01');
    expect(dueDate('2026-08-01', 'months', 12)).toBe('2027-08-01');
  });

  it('keeps the day of the month where it exists, and takes the last day where it does not', () => {
    expect(dueDate('2026-08-31', 'months', 6)).toBe('2027-02-28');
    expect(dueDate('2027-08-31', 'months', 6)).toBe('2028-02-29');
  });

  it('counts weeks as seven days', () => {
    expect(dueDate('2026-08-03', 'weeks', 15)).toBe('2026-11-16');
    expect(dueDate('2026-08-03', 'weeks', 0)).toBe('2026-08-03');
  });
});

describe('isOverdue', () => {
  it('is on time on the due date and overdue from the day after, while it is the student’s turn', () => {
    expect(isOverdue('not_submitted', '2027-01-01', '2027-01-01')).toBe(false);
    expect(isOverdue('not_submitted', '2027-01-01', '2027-01-02')).toBe(true);
    expect(isOverdue('revision_requested', '2027-01-01', '2027-03-01')).toBe(true);
  });

  it('is never overdue while a version waits for the assessor, or once approved', () => {
    expect(isOverdue('submitted', '2027-01-01', '2027-03-01')).toBe(false);
    expect(isOverdue('approved', '2027-01-01', '2027-03-01')).toBe(false);
  });
});

describe('canSubmit', () => {
  it('allows a first version and a new one after a revision request, nothing else', () => {
    expect(canSubmit('not_submitted')).toBe(true);
    expect(canSubmit('revision_requested')).toBe(true);
    expect(canSubmit('submitted')).toBe(false);
    expect(canSubmit('approved')).toBe(false);
  });
});

describe('assignmentStatus', () => {
  it('lists every milestone with its due date and nothing handed in', () => {
    const status = assignmentStatus(MB, '2026-08-01', [], '2026-09-01');
    expect(status).toEqual({
      required: true,
      approved: false,
      milestones: [
        { key: 'proposal', title: { nb: 'proposal', en: 'proposal' }, dueDate: '2027-01-01', overdue: false, state: 'not_submitted', versions: 0 },
        { key: 'draft', title: { nb: 'draft', en: 'draft' }, dueDate: '2027-06-01', overdue: false, state: 'not_submitted', versions: 0 },
        { key: 'final', title: { nb: 'final', en: 'final' }, dueDate: '2027-08-01', overdue: false, state: 'not_submitted', versions: 0 },
      ],
    });
  });

  it('takes the state of the latest version and counts the versions, whatever order the rows come in', () => {
    const status = assignmentStatus(
      MB,
      '2026-08-01',
      [
        { milestoneKey: 'proposal', number: 2, state: 'submitted' },
        { milestoneKey: 'proposal', number: 1, state: 'revision_requested' },
        { milestoneKey: 'draft', number: 1, state: 'revision_requested' },
        { milestoneKey: 'gone', number: 1, state: 'approved' },
      ],
      '2027-07-01',
    );
    expect(status.milestones.map((m) => [m.key, m.state, m.versions, m.overdue])).toEqual([
      ['proposal', 'submitted', 2, false],
      ['draft', 'revision_requested', 1, true],
      ['final', 'not_submitted', 0, false],
    ]);
    expect(status.approved).toBe(false);
  });

  it('is approved only when every milestone is', () => {
    const rows = ['proposal', 'draft', 'final'].map((key) => ({ milestoneKey: key, number: 1, state: 'approved' as const }));
    expect(assignmentStatus(MB, '2026-08-01', rows, '2028-01-01').approved).toBe(true);
    expect(assignmentStatus(MB, '2026-08-01', rows.slice(0, 2), '2028-01-01')).toMatchObject({ approved: false, milestones: [{}, {}, { overdue: true }] });
  });

  it('says not required, and never approved, for a programme without an assignment', () => {
    expect(assignmentStatus(programme('weeks', undefined), '2026-08-01', [])).toEqual({ required: false, approved: false, milestones: [] });
  });

  it('lists the milestones but does not require them when the completion rule leaves the assignment out', () => {
    const status = assignmentStatus(programme('months', [{ key: 'proposal', dueAfter: 1 }], false), '2026-08-01', []);
    expect(status.required).toBe(false);
    expect(status.milestones).toHaveLength(1);
  });
});
