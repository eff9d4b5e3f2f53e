import type { CurriculumContent } from '../curricula/curriculum.types';
import { buildTimeline, lessonId, moduleProgress, SignoffDecisionView } from './progress';

const text = (nb: string) => ({ nb });
const lesson = (key: string) => ({ key, title: text(key), file: `${key}.md`, minutes: 10, body: text('x') });
const content = {
  duration: { unit: 'weeks', length: 4 },
  modules: [
    { key: 'a', title: text('A'), summary: text(''), period: { from: 1, to: 2 }, signOff: true, lessons: [lesson('a1'), lesson('a2')], reflections: [] },
    { key: 'b', title: text('B'), summary: text(''), period: { from: 3, to: 4 }, signOff: false, lessons: [lesson('b1')], reflections: [] },
  ],
} as unknown as CurriculumContent;

const decided = (decision: 'signed_off' | 'returned', comment: string | null = null): SignoffDecisionView => ({ decision, comment, decidedAt: new Date() });

describe('moduleProgress', () => {
  it('starts with nothing done', () => {
    const [a, b] = moduleProgress(content, new Set(), new Map());
    expect(a).toMatchObject({ state: 'not_started', lessonsDone: 0, lessonsTotal: 2, percent: 0, canBeSignedOff: false, finished: false });
    expect(b.state).toBe('not_started');
  });

  it('is in progress with some lessons done, and waits for sign-off when all are', () => {
    expect(moduleProgress(content, new Set([lessonId('a', 'a1')]), new Map())[0]).toMatchObject({ state: 'in_progress', percent: 50 });
    const [a] = moduleProgress(content, new Set([lessonId('a', 'a1'), lessonId('a', 'a2')]), new Map());
    expect(a).toMatchObject({ state: 'awaiting_signoff', canBeSignedOff: true, finished: false });
  });

  it('finishes a module without sign-off when its lessons are done', () => {
    expect(moduleProgress(content, new Set([lessonId('b', 'b1')]), new Map())[1]).toMatchObject({ state: 'complete', finished: true, canBeSignedOff: false });
  });

  it('follows the latest decision: signed off, or returned with a comment', () => {
    const all = new Set([lessonId('a', 'a1'), lessonId('a', 'a2')]);
    expect(moduleProgress(content, all, new Map([['a', decided('signed_off')]]))[0]).toMatchObject({ state: 'signed_off', finished: true, canBeSignedOff: false });
    const returned = moduleProgress(content, all, new Map([['a', decided('returned', 'Read a2 again')]]))[0];
    expect(returned).toMatchObject({ state: 'returned', canBeSignedOff: true, finished: false });
    expect(returned.decision?.comment).toBe('Read a2 again');
  });

  it('ignores decisions on a module that needs no sign-off', () => {
    expect(moduleProgress(content, new Set(), new Map([['b', decided('signed_off')]]))[1].state).toBe('not_started');
  });
});

describe('buildTimeline', () => {
  it('places modules and teaching days on the weeks and marks today', () => {
    const periods = buildTimeline('2026-08-17', content, '2026-08-26', ['2026-08-18', '2026-08-25', '2026-09-01']);
    expect(periods.map((p) => p.n)).toEqual([1, 2, 3, 4]);
    expect(periods[0]).toMatchObject({ from: '2026-08-17', to: '2026-08-23', isPast: true, isCurrent: false, teachingDays: ['2026-08-18'] });
    expect(periods[1]).toMatchObject({ isCurrent: true, isPast: false, teachingDays: ['2026-08-25'] });
    expect(periods[1].modules).toEqual([expect.objectContaining({ key: 'a', starts: false })]);
    expect(periods[2].modules).toEqual([expect.objectContaining({ key: 'b', starts: true })]);
  });

  it('marks no period current before the start or after the end', () => {
    expect(buildTimeline('2026-08-17', content, '2026-08-01', []).some((p) => p.isCurrent || p.isPast)).toBe(false);
    const after = buildTimeline('2026-08-17', content, '2026-12-01', []);
    expect(after.every((p) => p.isPast && !p.isCurrent)).toBe(true);
  });
});
