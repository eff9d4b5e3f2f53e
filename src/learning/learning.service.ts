import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AssessorsService } from '../assignments/assessors.service';
import { AssignmentsService } from '../assignments/assignments.service';
import { AttendanceService } from '../attendance/attendance.service';
import type { SessionUser } from '../common/session-user';
import { AccessService, EnrolmentAccess } from '../cohorts/access.service';
import { CohortsService } from '../cohorts/cohorts.service';
import { positionOn, programmeEnd } from '../cohorts/timeline';
import { today } from '../common/dates';
import { FieldErrors, FormResult } from '../common/form-result';
import { Transactions } from '../database/transactions';
import { LedgerService } from '../ledger/ledger.service';
import { CurriculaService } from '../curricula/curricula.service';
import type { Locale } from '../i18n/i18n';
import { LessonProgress } from './lesson-progress.entity';
import { ModuleSignoff } from './module-signoff.entity';
import { buildTimeline, lessonId, moduleProgress, ModuleProgress, SignoffDecisionView } from './progress';
import { Reflection } from './reflection.entity';

export interface SignoffForm {
  decision?: string;
  comment?: string;
}

/** The student's programme week by week: lessons done, module sign-off and what comes next. */
@Injectable()
export class LearningService {
  constructor(
    @InjectRepository(LessonProgress) private readonly progress: Repository<LessonProgress>,
    @InjectRepository(ModuleSignoff) private readonly signoffs: Repository<ModuleSignoff>,
    @InjectRepository(Reflection) private readonly reflections: Repository<Reflection>,
    private readonly access: AccessService,
    private readonly cohorts: CohortsService,
    private readonly curricula: CurriculaService,
    private readonly attendance: AttendanceService,
    private readonly transactions: Transactions,
    private readonly ledger: LedgerService,
    private readonly assignments: AssignmentsService,
    private readonly assessors: AssessorsService,
  ) {}

  async myEnrolments(user: SessionUser) {
    return { title: 'learning.mine.title', enrolments: await this.cohorts.enrolmentsOfStudent(user.id) };
  }

  async supervision(user: SessionUser) {
    return { title: 'learning.supervision.title', enrolments: await this.cohorts.enrolmentsSupervisedBy(user.id) };
  }

  /** Lessons done and the latest decision per module, for one enrolment. */
  private async state(found: EnrolmentAccess): Promise<ModuleProgress[]> {
    return (await this.stateWithDone(found)).modules;
  }

  private async stateWithDone(found: EnrolmentAccess): Promise<{ modules: ModuleProgress[]; done: Set<string> }> {
    const enrolmentId = found.enrolment.id;
    const [done, decisions] = await Promise.all([
      this.progress.find({ where: { enrolmentId } }),
      this.signoffs.find({ where: { enrolmentId }, relations: { decider: true }, order: { id: 'ASC' } }),
    ]);
    const latest = new Map<string, SignoffDecisionView>();
    for (const d of decisions) {
      latest.set(d.moduleKey, { decision: d.decision, comment: d.comment, deciderName: d.decider?.name, decidedAt: d.decidedAt });
    }
    const doneSet = new Set(done.map((p) => lessonId(p.moduleKey, p.lessonKey)));
    return { modules: moduleProgress(found.programme.content, doneSet, latest), done: doneSet };
  }

  /** Where each module of an enrolment stands (for the completion checklist and progress views). */
  moduleStatus(found: EnrolmentAccess): Promise<ModuleProgress[]> {
    return this.state(found);
  }

  async overview(user: SessionUser, enrolmentId: number) {
    const found = await this.access.enrolment(user, enrolmentId);
    const { cohort, programme, enrolment } = found;
    const content = programme.content;
    const now = today();
    const [{ modules, done }, days, attendanceRate, sharedCount, assignment] = await Promise.all([
      this.stateWithDone(found),
      this.attendance.allDays(cohort.id),
      this.attendance.rateForEnrolment(enrolment.id, content.attendance.threshold),
      this.reflections.count({ where: { enrolmentId, shared: true } }),
      content.assignment ? this.assignments.statusFor(enrolment.id, programme, cohort.startDate) : undefined,
    ]);
    const milestones = assignment?.milestones ?? [];
    const teachingDays = days.filter((d) => !d.cancelled).map((d) => d.date);
    const lessonsTotal = modules.reduce((n, m) => n + m.lessonsTotal, 0);
    const lessonsDone = modules.reduce((n, m) => n + m.lessonsDone, 0);
    const position = positionOn(cohort.startDate, now, content.duration.unit, content.duration.length);
    const byKey = new Map(modules.map((m) => [m.key, m]));
    const timeline = buildTimeline(cohort.startDate, content, now, teachingDays).map((period) => ({
      ...period,
      modules: period.modules.map((m) => ({ ...m, progress: byKey.get(m.key)! })),
      milestones: milestones.filter((m) => m.dueDate >= period.from && m.dueDate <= period.to),
    }));
    return {
      titleText: content.title,
      ...this.viewer(found),
      enrolment,
      cohort,
      programme,
      position,
      endDate: programmeEnd(cohort.startDate, content.duration.unit, content.duration.length),
      modules,
      timeline,
      lessons: { done: lessonsDone, total: lessonsTotal, percent: lessonsTotal ? Math.floor((lessonsDone / lessonsTotal) * 100) : 0 },
      signedOff: modules.filter((m) => m.state === 'signed_off').length,
      needSignOff: modules.filter((m) => m.module.signOff).length,
      awaitingSignoff: modules.filter((m) => m.canBeSignedOff),
      next: this.nextUp(modules, done, position.current, position.state),
      nextTeachingDay: teachingDays.find((d) => d >= now),
      attendance: attendanceRate,
      sharedCount,
      assignment,
      // The assignment's pages are for the student, the coordinators and the named assessor only.
      canSeeAssignment: Boolean(content.assignment) && (found.isStudent || found.canManage || (await this.assessors.canAssess(user, found)).canAssess),
      nextMilestone: milestones.find((m) => m.state !== 'approved'),
    };
  }

  /** The first unfinished lesson of the earliest module that is due by now (or the next to start). */
  private nextUp(modules: ModuleProgress[], done: Set<string>, current: number, state: string) {
    if (state === 'ended') return undefined;
    const candidates = modules.filter((m) => m.lessonsDone < m.lessonsTotal);
    const due = candidates.find((m) => m.module.period.from <= current) ?? candidates[0];
    if (!due) return undefined;
    return { module: due.module, progress: due, lesson: due.module.lessons.find((l) => !done.has(lessonId(due.key, l.key))) };
  }

  async module(user: SessionUser, enrolmentId: number, moduleKey: string, values: Record<string, unknown> = {}, errors: Record<string, unknown> = {}) {
    const found = await this.access.enrolment(user, enrolmentId);
    const modules = await this.state(found);
    const progress = modules.find((m) => m.key === moduleKey);
    if (!progress) throw new NotFoundException();
    const done = new Set((await this.progress.find({ where: { enrolmentId, moduleKey } })).map((p) => p.lessonKey));
    const reflections = await this.reflections.find({ where: { enrolmentId, moduleKey }, order: { createdAt: 'ASC' } });
    const visible = found.isStudent ? reflections : reflections.filter((r) => r.shared && found.relations.has('supervisor'));
    return {
      titleText: progress.module.title,
      ...this.viewer(found),
      enrolment: found.enrolment,
      cohort: found.cohort,
      programme: found.programme,
      progress,
      lessons: progress.module.lessons.map((lesson) => ({ lesson, done: done.has(lesson.key) })),
      prompts: progress.module.reflections.map((prompt) => ({ prompt, reflections: visible.filter((r) => r.promptKey === prompt.key) })),
      values,
      errors,
    };
  }

  async lesson(user: SessionUser, enrolmentId: number, moduleKey: string, lessonKey: string, locale: Locale) {
    const found = await this.access.enrolment(user, enrolmentId);
    const view = this.curricula.lesson(found.programme, moduleKey, lessonKey);
    const done = await this.progress.exists({ where: { enrolmentId, moduleKey, lessonKey } });
    return {
      titleText: view.lesson.title,
      ...this.viewer(found),
      enrolment: found.enrolment,
      cohort: found.cohort,
      programme: found.programme,
      ...view,
      done,
      text: this.curricula.lessonHtml(found.programme, view.lesson, locale),
    };
  }

  /** The student marks a lesson done or undoes it; a signed-off module's lessons stay done. */
  async setLessonDone(user: SessionUser, enrolmentId: number, moduleKey: string, lessonKey: string, done: boolean): Promise<FormResult> {
    const found = await this.access.enrolment(user, enrolmentId);
    if (!found.isStudent) throw new NotFoundException();
    const view = this.curricula.lesson(found.programme, moduleKey, lessonKey);
    const back = `/enrolments/${enrolmentId}/modules/${moduleKey}/lessons/${lessonKey}`;
    if (done) {
      await this.progress.upsert({ enrolmentId, moduleKey, lessonKey: view.lesson.key }, ['enrolmentId', 'moduleKey', 'lessonKey']);
    } else {
      const progress = (await this.state(found)).find((m) => m.key === moduleKey)!;
      if (progress.state === 'signed_off') {
        return { status: 409, data: { ...(await this.lesson(user, enrolmentId, moduleKey, lessonKey, 'nb')), formError: 'learning.error.signedOffLocked' } };
      }
      await this.progress.delete({ enrolmentId, moduleKey, lessonKey });
    }
    return { redirect: back };
  }

  /** A supervisor or coordinator signs a module off, or sends it back with a comment. */
  async signOff(user: SessionUser, enrolmentId: number, moduleKey: string, form: SignoffForm): Promise<FormResult> {
    const found = await this.access.enrolment(user, enrolmentId);
    if (!found.canSignOff) throw new NotFoundException();
    const progress = (await this.state(found)).find((m) => m.key === moduleKey);
    if (!progress) throw new NotFoundException();
    const errors = new FieldErrors();
    const comment = (form.comment ?? '').trim();
    if (form.decision !== 'signed_off' && form.decision !== 'returned') errors.add('decision', 'learning.error.decision');
    if (form.decision === 'returned' && !comment) errors.add('comment', 'learning.error.commentRequired');
    if (comment.length > 4000) errors.add('comment', 'learning.error.commentTooLong');
    if (!progress.module.signOff) errors.add('decision', 'learning.error.noSignoffNeeded');
    else if (progress.state === 'signed_off') errors.add('decision', 'learning.error.alreadySignedOff');
    else if (progress.lessonsDone < progress.lessonsTotal) errors.add('decision', 'learning.error.lessonsNotDone');
    if (errors.any) {
      return { status: 400, data: await this.module(user, enrolmentId, moduleKey, { comment, decision: form.decision }, errors.errors) };
    }
    const decision = form.decision as 'signed_off' | 'returned';
    await this.transactions.run(async (manager) => {
      // Signed off by someone else in the meantime: a conflict, never a second decision on top.
      const latest = await manager.findOne(ModuleSignoff, { where: { enrolmentId, moduleKey }, order: { id: 'DESC' } });
      if (latest?.decision === 'signed_off') throw new ConflictException();
      const result = await manager.insert(ModuleSignoff, { enrolmentId, moduleKey, decision, comment: comment || null, decidedBy: user.id });
      await this.ledger.append(manager, {
        action: decision === 'signed_off' ? 'module.signoff' : 'module.return',
        actorId: user.id,
        subjectType: 'module_signoff',
        subjectId: Number(result.identifiers[0].id),
        enrolmentId,
        payload: { moduleKey, decision, comment: comment || null, lessonsDone: progress.lessonsDone },
      });
    });
    return { redirect: `/enrolments/${enrolmentId}/modules/${moduleKey}` };
  }

  private viewer(found: EnrolmentAccess) {
    return { isStudent: found.isStudent, canSignOff: found.canSignOff, canManage: found.canManage, isSupervisor: found.relations.has('supervisor') };
  }
}
