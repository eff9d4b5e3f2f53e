import { Injectable } from '@nestjs/common';
import { assignmentStatus } from '../assignments/milestones';
import { CompletionService } from '../certificates/completion.service';
import { practiceStanding } from '../curricula/practice-requirement';
import { AccessService } from '../cohorts/access.service';
import { attendanceRate, AttendanceRate } from '../cohorts/attendance-rate';
import type { EnrolmentSummary } from '../cohorts/cohorts.service';
import { programmeEnd } from '../cohorts/timeline';
import { addDays, today, weekdayIndex } from '../common/dates';
import type { SessionUser } from '../common/session-user';
import { CurriculaService } from '../curricula/curricula.service';
import { CurriculumContent, WEEKDAYS } from '../curricula/curriculum.types';
import type { LocalisedText } from '../i18n/i18n';
import { lessonId, moduleProgress, SignoffDecisionView } from '../learning/progress';
import { CONSENT_ENDED_DAYS, daysWaited, endOfWeek, hoursStalled, milestonesDueSoon, paceWhileRunning, plural, toMoment } from './needs';
import { HandInRow, NeedsRepository, SignoffRow, TraineeRow, Who } from './needs.repository';

/** A line's place, for a person with several enrolments: which cohort it is about. */
type Where = { where?: string };

export interface StudentNeeds {
  returned: ({ id: number; date: string; hours: number; comment: string | null; href: string } & Where)[];
  /** Returned entries beyond those listed. */
  returnedMore?: { count: number; href: string };
  signOff: ({ title: LocalisedText; href: string } & Where)[];
  milestones: ({ title: LocalisedText; dueDate: string; overdue: boolean; href: string } & Where)[];
  attendance: ({ rate: AttendanceRate; href: string } & Where)[];
  drafts: ({ count: number; key: string; href: string } & Where)[];
  count: number;
}

export interface StudentWeek {
  days: ({ date: string; weekday: string } & Where)[];
  lessons: ({ module: LocalisedText; lesson: LocalisedText; href: string } & Where)[];
  empty: boolean;
}

/** Where a student stands in one enrolment, at a glance. */
export interface Standing {
  approvedHours: number;
  requiredHours: number;
  hoursPercent: number;
  lessonsDone: number;
  lessonsTotal: number;
  lessonsPercent: number;
  attendance: AttendanceRate;
}

const emptyWho = (userId: number): Who => ({ userId, organisationId: 0 });

/**
 * Turns what the needs repository reads into each role's lines on the home page, by the rules of the features they
 * come from (pace, attendance rate, milestones, module progress, completion), each line with the link to where the
 * work is done. Every statement is limited to the person's own scope; this service adds no one.
 */
@Injectable()
export class NeedsService {
  constructor(
    private readonly needs: NeedsRepository,
    private readonly curricula: CurriculaService,
    private readonly access: AccessService,
    private readonly completion: CompletionService,
  ) {}

  /** What waits for the student in each of their enrolments, this week's teaching days and lessons, and where they stand. */
  async student(user: SessionUser, enrolments: EnrolmentSummary[], on: string) {
    const empty = { needs: { returned: [], signOff: [], milestones: [], attendance: [], drafts: [], count: 0 } as StudentNeeds, week: { days: [], lessons: [], empty: true } as StudentWeek };
    if (enrolments.length === 0) return { ...empty, standings: new Map<number, Standing>() };
    const who = emptyWho(user.id);
    const totals = await this.needs.entryTotals(user.id);
    const returnedTotal = totals.filter((t) => t.state === 'returned').reduce((n, t) => n + t.entries, 0);
    // The page is read on every visit: what has nothing to show is not asked for.
    const [returned, attendance, days, lessons, decisions, submissions] = await Promise.all([
      returnedTotal > 0 ? this.needs.returnedEntries(user.id) : [],
      this.needs.attendance(user.id),
      this.needs.teachingDays(user.id, on, endOfWeek(on)),
      this.needs.lessonsDone('student', who),
      this.needs.signoffDecisions('student', who),
      enrolments.some((e) => e.programme.content.assignment) ? this.needs.submissions(user.id) : [],
    ]);
    const many = enrolments.length > 1;
    const where = (enrolment: EnrolmentSummary): Where => (many ? { where: enrolment.cohort.name } : {});
    const byId = new Map(enrolments.map((e) => [e.id, e]));
    const needs: StudentNeeds = { ...empty.needs, returned: [], signOff: [], milestones: [], attendance: [], drafts: [] };
    const week: StudentWeek = { days: [], lessons: [], empty: true };
    const standings = new Map<number, Standing>();

    for (const row of returned) {
      const enrolment = byId.get(row.enrolmentId);
      if (enrolment) needs.returned.push({ id: row.id, date: row.date, hours: row.hours, comment: row.comment, href: `/practice/${row.id}/edit`, ...where(enrolment) });
    }
    if (returnedTotal > needs.returned.length && returned[0]) {
      needs.returnedMore = { count: returnedTotal - needs.returned.length, href: `/enrolments/${returned[0].enrolmentId}/practice?state=returned` };
    }

    for (const enrolment of enrolments) {
      const content = enrolment.programme.content;
      const { modules, done } = this.progress(content, enrolment.id, lessons, decisions);
      const total = (state: string) => totals.find((t) => t.enrolmentId === enrolment.id && t.state === state);
      const rate = attendanceRate(attendance.get(enrolment.id) ?? {}, content.attendance.threshold);
      const base = `/enrolments/${enrolment.id}`;

      for (const m of modules.filter((m) => m.state === 'awaiting_signoff')) needs.signOff.push({ title: m.module.title, href: `${base}/modules/${m.key}`, ...where(enrolment) });
      if (content.assignment) {
        const status = assignmentStatus(content, enrolment.cohort.startDate, submissions.filter((s) => s.enrolmentId === enrolment.id), on);
        for (const m of milestonesDueSoon(status.milestones, on)) needs.milestones.push({ title: m.title, dueDate: m.dueDate, overdue: m.overdue, href: `${base}/assignment`, ...where(enrolment) });
      }
      if (rate.meetsThreshold === false) needs.attendance.push({ rate, href: base, ...where(enrolment) });
      const drafts = total('draft')?.entries ?? 0;
      if (drafts > 0) needs.drafts.push({ count: drafts, key: plural('home.student.drafts', drafts), href: `${base}/practice?state=draft`, ...where(enrolment) });

      for (const day of days.filter((d) => d.cohortId === enrolment.cohort.id)) week.days.push({ date: day.date, weekday: `weekday.${WEEKDAYS[weekdayIndex(day.date)]}`, ...where(enrolment) });
      if (enrolment.position.state === 'running') {
        const current = enrolment.position.current;
        for (const m of modules.filter((m) => m.module.period.from <= current && current <= m.module.period.to && m.lessonsDone < m.lessonsTotal)) {
          const lesson = m.module.lessons.find((l) => !done.has(lessonId(m.key, l.key)))!;
          week.lessons.push({ module: m.module.title, lesson: lesson.title, href: `${base}/modules/${m.key}/lessons/${lesson.key}`, ...where(enrolment) });
        }
      }

      const required = content.practice.requiredHours;
      const approved = total('approved')?.hours ?? 0;
      const lessonsTotal = modules.reduce((n, m) => n + m.lessonsTotal, 0);
      const lessonsDone = modules.reduce((n, m) => n + m.lessonsDone, 0);
      standings.set(enrolment.id, {
        approvedHours: approved,
        requiredHours: required,
        hoursPercent: required ? Math.min(100, Math.floor((approved / required) * 100)) : 100,
        lessonsDone,
        lessonsTotal,
        lessonsPercent: lessonsTotal ? Math.floor((lessonsDone / lessonsTotal) * 100) : 0,
        attendance: rate,
      });
    }
    week.days.sort((a, b) => a.date.localeCompare(b.date));
    week.empty = week.days.length === 0 && week.lessons.length === 0;
    needs.count = returnedTotal + needs.signOff.length + needs.milestones.length + needs.attendance.length + needs.drafts.length;
    return { needs, week, standings };
  }

  /** The entries waiting and how long the oldest has, modules waiting for sign-off, and students whose hours have stalled. */
  async supervisor(user: SessionUser, on: string, now: Date) {
    const who = emptyWho(user.id);
    const [waiting, trainees, lessons, decisions, handIns] = await Promise.all([
      this.needs.waiting(user.id),
      this.needs.traineesOf('supervisor', who),
      this.needs.lessonsDone('supervisor', who),
      this.needs.signoffDecisions('supervisor', who),
      this.needs.handInsWaiting('supervisor', user.id),
    ]);
    const oldest = toMoment(waiting.oldest);
    const queue = waiting.count > 0 ? { count: waiting.count, key: plural('home.supervisor.queue', waiting.count), days: oldest ? daysWaited(oldest, now) : 0, href: '/supervision/queue' } : undefined;
    const signOff: { studentName: string; title: LocalisedText; href: string }[] = [];
    const stalled: { studentName: string; lastEntryDate: string | null; href: string }[] = [];
    for (const trainee of trainees) {
      const { content } = await this.curricula.getVersion(trainee.versionId);
      for (const m of this.progress(content, trainee.enrolmentId, lessons, decisions).modules.filter((m) => m.state === 'awaiting_signoff')) {
        signOff.push({ studentName: trainee.studentName, title: m.module.title, href: `/enrolments/${trainee.enrolmentId}/modules/${m.key}` });
      }
      const activity = {
        ...trainee,
        endDate: programmeEnd(trainee.startDate, content.duration.unit, content.duration.length),
        lastSubmitted: toMoment(trainee.lastSubmitted),
        requiredHours: content.practice.requiredHours,
      };
      if (hoursStalled(activity, on)) stalled.push({ studentName: trainee.studentName, lastEntryDate: trainee.lastEntryDate, href: `/enrolments/${trainee.enrolmentId}` });
    }
    const assess = await this.handInLines(handIns);
    return { queue, signOff, assess, stalled, count: (queue?.count ?? 0) + signOff.length + assess.length + stalled.length };
  }

  /** Hand-ins waiting for assessment, each with its milestone's title and a link to where it is assessed. */
  private async handInLines(handIns: HandInRow[]) {
    const titles = new Map<number, CurriculumContent>();
    for (const h of handIns) if (!titles.has(h.versionId)) titles.set(h.versionId, (await this.curricula.getVersion(h.versionId)).content);
    return handIns.map((h) => ({
      ...h,
      milestone: titles.get(h.versionId)?.assignment?.milestones.find((m) => m.key === h.milestoneKey)?.title ?? { nb: h.milestoneKey },
      submittedOn: today(toMoment(h.submittedAt)!),
      href: `/enrolments/${h.enrolmentId}/assignment`,
    }));
  }

  /**
   * For the coordinator's own cohorts, every cohort for an administrator: hand-ins waiting for assessment, students
   * without a supervisor or employer, today's roll calls not taken, students behind the pace, and certificates ready.
   */
  async coordinator(user: SessionUser, on: string) {
    const scope = user.roles.includes('admin') ? 'admin' : 'coordinator';
    const who = emptyWho(user.id);
    const [counts, handIns, unassigned, rollCalls, trainees, decisions, byCategory] = await Promise.all([
      this.needs.countForCoordinator(scope, user.id, on),
      this.needs.handInsWaiting(scope, user.id),
      this.needs.withoutSupervisorOrEmployer(scope, user.id),
      this.needs.rollCallsMissing(scope, user.id, on),
      this.needs.traineesOf(scope, who),
      this.needs.signoffDecisions(scope, who),
      this.needs.approvedByCategory(scope, who),
    ]);
    const signed = signedOffBy(decisions);
    const behind = new Map<number, { cohortId: number; cohortName: string; count: number; key: string; href: string }>();
    const candidates: TraineeRow[] = [];
    for (const trainee of trainees) {
      const { content } = await this.curricula.getVersion(trainee.versionId);
      const signedOff = signed.get(trainee.enrolmentId) ?? new Set<string>();
      const approvedByCategory = byCategory.get(trainee.enrolmentId) ?? new Map<string, number>();
      const pace = paceWhileRunning(content, { ...trainee, signedOff, approvedByCategory }, on);
      if (pace && !pace.onPace) {
        const line = behind.get(trainee.cohortId) ?? { cohortId: trainee.cohortId, cohortName: trainee.cohortName, count: 0, key: '', href: `/cohorts/${trainee.cohortId}/progress?show=behind` };
        line.count += 1;
        line.key = plural('home.coordinator.behind', line.count);
        behind.set(trainee.cohortId, line);
      }
      if (!trainee.certified && mayBeComplete(content, approvedByCategory, signedOff)) candidates.push(trainee);
    }
    const ready = await this.readyForCertificate(user, candidates);
    return {
      handIns: await this.handInLines(handIns),
      handInsMore: Math.max(0, counts.handIns - handIns.length),
      unassigned: unassigned.map((u) => {
        const missing = u.hasSupervisor ? 'employer' : u.hasEmployer ? 'supervisor' : 'both';
        return { ...u, key: `home.coordinator.missing.${missing}`, linkKey: `home.coordinator.missingLink.${missing}`, href: `/enrolments/${u.enrolmentId}/edit` };
      }),
      unassignedMore: Math.max(0, counts.unassigned - unassigned.length),
      rollCalls: rollCalls.map((r) => ({ ...r, href: `/cohorts/${r.cohortId}/days/${r.dayId}` })),
      behind: [...behind.values()],
      certificates: ready.map((t) => ({ studentName: t.studentName, cohortName: t.cohortName, href: `/enrolments/${t.enrolmentId}/completion` })),
      count: counts.handIns + counts.unassigned + counts.rollCalls + [...behind.values()].reduce((n, b) => n + b.count, 0) + ready.length,
    };
  }

  /**
   * How many consenting trainees are behind the pace, and whose consent ended lately (who and when, nothing of
   * their progress). Names and figures of those behind are on the employer page, where every look is logged for the
   * trainee to read; here they are only counted.
   */
  async employer(organisationId: number, user: SessionUser, on: string) {
    const who = { userId: user.id, organisationId };
    const [trainees, decisions, ended, byCategory] = await Promise.all([
      this.needs.traineesOf('employer', who),
      this.needs.signoffDecisions('employer', who),
      this.needs.endedConsents(organisationId, addDays(on, -CONSENT_ENDED_DAYS)),
      this.needs.approvedByCategory('employer', who),
    ]);
    const signed = signedOffBy(decisions);
    let behind = 0;
    for (const trainee of trainees) {
      const { content } = await this.curricula.getVersion(trainee.versionId);
      const approvedByCategory = byCategory.get(trainee.enrolmentId) ?? new Map<string, number>();
      const pace = paceWhileRunning(content, { ...trainee, signedOff: signed.get(trainee.enrolmentId) ?? [], approvedByCategory }, on);
      if (pace && !pace.onPace) behind += 1;
    }
    return {
      behind: behind > 0 ? { count: behind, key: plural('home.employer.behind', behind), href: '/employer' } : undefined,
      endedConsents: ended.map((c) => ({ studentName: c.studentName, endedOn: today(toMoment(c.endedAt)!) })),
      count: behind + ended.length,
    };
  }

  /** Where each module of one enrolment stands, by the learning feature's rule, and which lessons are done. */
  private progress(content: CurriculumContent, enrolmentId: number, lessons: { enrolmentId: number; moduleKey: string; lessonKey: string }[], decisions: SignoffRow[]) {
    const done = new Set(lessons.filter((l) => l.enrolmentId === enrolmentId).map((l) => lessonId(l.moduleKey, l.lessonKey)));
    const latest = new Map<string, SignoffDecisionView>();
    for (const d of decisions) if (d.enrolmentId === enrolmentId) latest.set(d.moduleKey, { decision: d.decision, comment: null, decidedAt: toMoment(d.decidedAt)! });
    return { modules: moduleProgress(content, done, latest), done };
  }

  /**
   * The candidates whose completion rule holds, by the certificates feature's own check. Access is asked again for
   * each, as on the checklist page the line links to.
   */
  private async readyForCertificate(user: SessionUser, candidates: TraineeRow[]): Promise<TraineeRow[]> {
    const ready: TraineeRow[] = [];
    for (const trainee of candidates) {
      const found = await this.access.enrolment(user, trainee.enrolmentId);
      if (found.canManage && (await this.completion.evaluate(found)).complete) ready.push(trainee);
    }
    return ready;
  }
}

/** The modules signed off now per enrolment: the latest decision per module counts. */
function signedOffBy(decisions: SignoffRow[]): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  for (const d of decisions) {
    const set = result.get(d.enrolmentId) ?? new Set<string>();
    if (d.decision === 'signed_off') set.add(d.moduleKey);
    else set.delete(d.moduleKey);
    result.set(d.enrolmentId, set);
  }
  return result;
}

/**
 * Whether the completion check is worth asking: practice hours and module sign-offs, when the programme requires
 * them, are already there. Most trainees fail this, and only those who pass are checked in full by the completion rule.
 */
function mayBeComplete(content: CurriculumContent, approvedByCategory: ReadonlyMap<string, number>, signedOff: Set<string>): boolean {
  const rule = content.completion;
  if (rule.practiceHours && !practiceStanding(content, approvedByCategory).met) return false;
  if (rule.modulesSignedOff && content.modules.some((m) => m.signOff && !signedOff.has(m.key))) return false;
  return true;
}
