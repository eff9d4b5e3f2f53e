import type { CompletionService } from '../certificates/completion.service';
import type { AccessService, EnrolmentAccess } from '../cohorts/access.service';
import type { EnrolmentSummary } from '../cohorts/cohorts.service';
import { positionOn } from '../cohorts/timeline';
import type { SessionUser } from '../common/session-user';
import type { CurriculaService } from '../curricula/curricula.service';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import type { CurriculumContent } from '../curricula/curriculum.types';
import type { NeedsRepository, TraineeRow } from './needs.repository';
import { NeedsService } from './needs.service';

// 15 weeks from Monday 2 November 2026 with 90 hours, two lessons in week 1–2 and a module needing sign-off.
const content = {
  title: { nb: 'Programmet' },
  duration: { unit: 'weeks', length: 15 },
  attendance: { threshold: 80 },
  practice: { requiredHours: 90, categories: [{ key: 'c', title: { nb: 'Kategori' } }] },
  modules: [
    { key: 'm1', title: { nb: 'Modul 1' }, period: { from: 1, to: 2 }, signOff: true, lessons: [{ key: 'l1', title: { nb: 'L1' } }, { key: 'l2', title: { nb: 'L2' } }] },
    { key: 'm2', title: { nb: 'Modul 2' }, period: { from: 3, to: 15 }, signOff: false, lessons: [{ key: 'l3', title: { nb: 'L3' } }] },
  ],
  completion: { modulesSignedOff: true, practiceHours: true, attendance: true, assignment: false },
} as unknown as CurriculumContent;
const programme = { id: 1, slug: 'p', content } as unknown as CurriculumVersion;
const START = '2026-11-02';
const ON = '2026-12-01';
const NOW = new Date('2026-12-01T09:00:00Z');

const person = (...roles: SessionUser['roles']): SessionUser => ({ id: 5, email: 'x@example.test', name: 'X', locale: null, roles, organisationId: 3 });

/** The repository with nothing in it, except what a test gives. */
function repository(overrides: Partial<Record<keyof NeedsRepository, unknown>> = {}): NeedsRepository {
  const nothing = async () => [];
  return {
    entryTotals: nothing,
    returnedEntries: nothing,
    attendance: async () => new Map(),
    teachingDays: nothing,
    submissions: nothing,
    lessonsDone: nothing,
    signoffDecisions: nothing,
    traineesOf: nothing,
    waiting: async () => ({ count: 0, oldest: null }),
    handInsWaiting: nothing,
    withoutSupervisorOrEmployer: nothing,
    rollCallsMissing: nothing,
    countForCoordinator: async () => ({ handIns: 0, unassigned: 0, rollCalls: 0 }),
    endedConsents: nothing,
    ...overrides,
    // The trainees' approved hours, all in the programme's one category.
    approvedByCategory: async () =>
      new Map(((await (overrides.traineesOf as (() => Promise<TraineeRow[]>) | undefined)?.()) ?? []).map((t) => [t.enrolmentId, new Map([['c', t.approvedHours]])])),
  } as unknown as NeedsRepository;
}

function service(repo: NeedsRepository, complete: (enrolmentId: number) => boolean = () => false) {
  const asked: number[] = [];
  const curricula = { getVersion: async () => programme } as unknown as CurriculaService;
  const access = { enrolment: async (_user: SessionUser, id: number) => ({ enrolment: { id }, canManage: true }) } as unknown as AccessService;
  const completion = {
    evaluate: async (found: EnrolmentAccess) => {
      asked.push(found.enrolment.id);
      return { complete: complete(found.enrolment.id) };
    },
  } as unknown as CompletionService;
  return { needs: new NeedsService(repo, curricula, access, completion), asked };
}

const enrolment: EnrolmentSummary = {
  id: 11,
  student: { id: 5, name: 'X' },
  cohort: { id: 2, name: 'Kullet', startDate: START },
  programme,
  position: positionOn(START, ON, 'weeks', 15),
};

/** Module 1's sign-off, which the pace expects by 29 November, for these enrolments. */
const signedOffM1 = (...ids: number[]) => async () => ids.map((enrolmentId) => ({ enrolmentId, decision: 'signed_off' as const, moduleKey: 'm1', decidedAt: '2026-11-20 10:00:00' }));

const trainee = (fields: Partial<TraineeRow>): TraineeRow => ({
  enrolmentId: 21,
  studentName: 'Ola',
  cohortId: 2,
  cohortName: 'Kullet',
  startDate: START,
  versionId: 1,
  approvedHours: 0,
  lastEntryDate: null,
  lastSubmitted: null,
  certified: false,
  ...fields,
});

describe('the student', () => {
  it('has nothing waiting when nothing is returned, due, late, below the threshold or unsent', async () => {
    const { needs } = service(repository());
    const model = await needs.student(person('student'), [enrolment], ON);
    expect(model.needs).toEqual({ returned: [], signOff: [], milestones: [], attendance: [], drafts: [], count: 0 });
    // Week 5 of 15: the first module's period is over, the second's lesson is this week's.
    expect(model.week).toEqual({ days: [], lessons: [{ module: { nb: 'Modul 2' }, lesson: { nb: 'L3' }, href: '/enrolments/11/modules/m2/lessons/l3' }], empty: false });
    expect(model.standings.get(11)).toMatchObject({ approvedHours: 0, requiredHours: 90, lessonsDone: 0, lessonsTotal: 3, attendance: { percent: null } });
  });

  it('is told of returned entries with the comment, a module waiting, attendance below the threshold and drafts', async () => {
    const { needs } = service(
      repository({
        entryTotals: async () => [
          { enrolmentId: 11, state: 'returned', entries: 12, hours: 30 },
          { enrolmentId: 11, state: 'draft', entries: 2, hours: 4 },
          { enrolmentId: 11, state: 'approved', entries: 3, hours: 22.5 },
        ],
        returnedEntries: async () => [{ id: 40, enrolmentId: 11, date: '2026-11-20', hours: 2.5, comment: 'Skriv mer' }],
        attendance: async () => new Map([[11, { present: 3, absent: 2 }]]),
        lessonsDone: async () => [
          { enrolmentId: 11, moduleKey: 'm1', lessonKey: 'l1' },
          { enrolmentId: 11, moduleKey: 'm1', lessonKey: 'l2' },
        ],
      }),
    );
    const { needs: lines, standings } = await needs.student(person('student'), [enrolment], ON);
    expect(lines.returned).toEqual([{ id: 40, date: '2026-11-20', hours: 2.5, comment: 'Skriv mer', href: '/practice/40/edit' }]);
    expect(lines.returnedMore).toEqual({ count: 11, href: '/enrolments/11/practice?state=returned' });
    expect(lines.signOff).toEqual([{ title: { nb: 'Modul 1' }, href: '/enrolments/11/modules/m1' }]);
    expect(lines.attendance).toEqual([{ rate: expect.objectContaining({ percent: 60, meetsThreshold: false }), href: '/enrolments/11' }]);
    expect(lines.drafts).toEqual([{ count: 2, key: 'home.student.drafts.other', href: '/enrolments/11/practice?state=draft' }]);
    expect(lines.count).toBe(12 + 1 + 1 + 1);
    expect(standings.get(11)).toMatchObject({ approvedHours: 22.5, hoursPercent: 25, lessonsDone: 2, lessonsPercent: 66 });
  });
});

describe('the supervisor', () => {
  it('has nothing waiting without entries, modules or stalled students', async () => {
    const { needs } = service(repository({ traineesOf: async () => [trainee({ lastEntryDate: '2026-11-25' })] }));
    expect(await needs.supervisor(person('supervisor'), ON, NOW)).toEqual({ queue: undefined, signOff: [], assess: [], stalled: [], count: 0 });
  });

  it("is told how many entries wait and how long the oldest has, and whose hours stalled", async () => {
    const { needs } = service(
      repository({
        waiting: async () => ({ count: 3, oldest: '2026-11-27 10:00:00' }),
        traineesOf: async () => [trainee({ enrolmentId: 21, lastEntryDate: '2026-11-10' }), trainee({ enrolmentId: 22, studentName: 'Kari', lastEntryDate: '2026-11-30' })],
      }),
    );
    const model = await needs.supervisor(person('supervisor'), ON, NOW);
    expect(model.queue).toEqual({ count: 3, key: 'home.supervisor.queue.other', days: 4, href: '/supervision/queue' });
    expect(model.stalled).toEqual([{ studentName: 'Ola', lastEntryDate: '2026-11-10', href: '/enrolments/21' }]);
    expect(model.count).toBe(4);
  });
});

describe('the coordinator', () => {
  it('has nothing waiting in quiet cohorts, and the completion check is not asked for anyone far from done', async () => {
    const { needs, asked } = service(repository({ traineesOf: async () => [trainee({ approvedHours: 40 })], signoffDecisions: signedOffM1(21) }));
    const model = await needs.coordinator(person('coordinator'), ON);
    expect(model).toMatchObject({ handIns: [], unassigned: [], rollCalls: [], behind: [], certificates: [], count: 0 });
    expect(asked).toEqual([]);
  });

  it('counts who is behind per cohort, and lists those the completion rule passes', async () => {
    const { needs, asked } = service(
      repository({
        traineesOf: async () => [
          trainee({ enrolmentId: 21, approvedHours: 0 }),
          trainee({ enrolmentId: 22, studentName: 'Kari', approvedHours: 90 }),
          trainee({ enrolmentId: 23, studentName: 'Per', approvedHours: 95 }),
        ],
        signoffDecisions: signedOffM1(21, 22, 23),
      }),
      (id) => id === 22,
    );
    const model = await needs.coordinator(person('coordinator'), ON);
    expect(model.behind).toEqual([{ cohortId: 2, cohortName: 'Kullet', count: 1, key: 'home.coordinator.behind.one', href: '/cohorts/2/progress?show=behind' }]);
    expect(asked).toEqual([22, 23]);
    expect(model.certificates).toEqual([{ studentName: 'Kari', cohortName: 'Kullet', href: '/enrolments/22/completion' }]);
    expect(model.count).toBe(2);
  });
});

describe('the employer', () => {
  it('has nothing to know when every consenting trainee is on pace and no consent ended', async () => {
    const { needs } = service(repository({ traineesOf: async () => [trainee({ approvedHours: 30 })], signoffDecisions: signedOffM1(21) }));
    expect(await needs.employer(3, person('employer'), ON)).toEqual({ behind: undefined, endedConsents: [], count: 0 });
  });

  it('counts those behind without naming them, and names whose consent ended and when', async () => {
    const { needs } = service(
      repository({
        traineesOf: async () => [trainee({ approvedHours: 0 })],
        endedConsents: async () => [{ enrolmentId: 30, studentName: 'Eli', endedAt: '2026-11-30 23:30:00' }],
      }),
    );
    expect(await needs.employer(3, person('employer'), ON)).toEqual({
      behind: { count: 1, key: 'home.employer.behind.one', href: '/employer' },
      // 23:30 UTC is after midnight in Norway.
      endedConsents: [{ studentName: 'Eli', endedOn: '2026-12-01' }],
      count: 2,
    });
  });
});
