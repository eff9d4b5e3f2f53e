import { EntriesData, gathered, groupKeyOf, linkOf, onceKeyOf } from './content';

const category = { nb: 'Gruppe', en: 'Group' };
const entry = (entryId: number, comment?: string) => ({ entryId, date: '2026-03-02', hours: 2, category, ...(comment ? { comment } : {}) });

describe('what a notification says and where it leads', () => {
  it('leads a student to the one entry, or to the log when there are several', () => {
    expect(linkOf('entries_returned', { enrolmentId: 4, entries: [entry(7)] })).toBe('/practice/7');
    expect(linkOf('entries_approved', { enrolmentId: 4, entries: [entry(7), entry(8)] })).toBe('/enrolments/4/practice');
  });

  it('leads a supervisor to the queue, and the assignment’s people to the version or the milestone', () => {
    expect(linkOf('waiting_entries', { enrolmentId: 4, student: 'Sara', entries: [entry(7)] })).toBe('/supervision/queue');
    expect(linkOf('new_hand_in', { enrolmentId: 4, submissionId: 9, student: 'Sara', cohort: 'MB', milestone: category, number: 2 })).toBe('/enrolments/4/assignment#version-9');
    expect(linkOf('assessor_feedback', { enrolmentId: 4, submissionId: 9, milestone: category, number: 2, decision: 'approved' })).toBe('/enrolments/4/assignment#version-9');
    expect(linkOf('milestone_reminder', { enrolmentId: 4, milestoneKey: 'draft', milestone: category, dueDate: '2026-04-01', days: 7 })).toBe('/enrolments/4/assignment#milestone-draft');
  });

  it('gathers entries of one enrolment, and nothing else', () => {
    expect(groupKeyOf('entries_returned', { enrolmentId: 4, entries: [] })).toBe('enrolment:4');
    expect(groupKeyOf('new_hand_in', { enrolmentId: 4, submissionId: 9, student: 'Sara', cohort: 'MB', milestone: category, number: 2 })).toBeNull();
  });

  it('keeps each reminder once per enrolment, milestone and number of days ahead', () => {
    expect(onceKeyOf('milestone_reminder', { enrolmentId: 4, milestoneKey: 'draft', milestone: category, dueDate: '2026-04-01', days: 7 })).toBe('milestone:4:draft:7');
    expect(onceKeyOf('entries_returned', { enrolmentId: 4, entries: [] })).toBeNull();
  });

  it('tells an entry returned again once, as it stands now, after the others', () => {
    const before: EntriesData = { enrolmentId: 4, entries: [entry(7, 'Første'), entry(8, 'Andre')] };
    const after = gathered('entries_returned', before, { enrolmentId: 4, entries: [entry(7, 'Tredje')] });
    expect(after.entries.map((e) => [e.entryId, e.comment])).toEqual([
      [8, 'Andre'],
      [7, 'Tredje'],
    ]);
  });
});
