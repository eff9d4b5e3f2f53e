import { Injectable, OnModuleInit } from '@nestjs/common';
import { CurriculaService } from '../curricula/curricula.service';
import { NotificationSources } from '../notifications/sources';
import { lessonId, moduleProgress, SignoffDecisionView } from './progress';
import { SignoffsRepository } from './signoffs.repository';

/**
 * Tells the daily digest how many modules wait for each supervisor's sign-off: every lesson done, and no
 * decision yet. A module sent back waits for the student, not the supervisor.
 */
@Injectable()
export class SignoffWaiting implements OnModuleInit {
  constructor(
    private readonly sources: NotificationSources,
    private readonly repository: SignoffsRepository,
    private readonly curricula: CurriculaService,
  ) {}

  onModuleInit(): void {
    this.sources.addWaiting(() => this.waiting());
  }

  async waiting(): Promise<Map<number, { modules: number }>> {
    const supervised = await this.repository.supervisedEnrolments();
    const ids = [...new Set(supervised.map((s) => s.enrolmentId))];
    const [lessons, decisions] = await Promise.all([this.repository.lessonsDone(ids), this.repository.decisions(ids)]);
    const done = new Map<number, Set<string>>();
    for (const l of lessons) done.set(l.enrolmentId, (done.get(l.enrolmentId) ?? new Set()).add(lessonId(l.moduleKey, l.lessonKey)));
    const latest = new Map<number, Map<string, SignoffDecisionView>>();
    for (const d of decisions) latest.set(d.enrolmentId, (latest.get(d.enrolmentId) ?? new Map()).set(d.moduleKey, d));
    const awaiting = new Map<number, number>();
    const counted = new Map<number, number>();
    for (const { enrolmentId, supervisorId, versionId } of supervised) {
      let modules = counted.get(enrolmentId);
      if (modules === undefined) {
        const { content } = await this.curricula.getVersion(versionId);
        modules = moduleProgress(content, done.get(enrolmentId) ?? new Set(), latest.get(enrolmentId) ?? new Map()).filter((m) => m.state === 'awaiting_signoff').length;
        counted.set(enrolmentId, modules);
      }
      awaiting.set(supervisorId, (awaiting.get(supervisorId) ?? 0) + modules);
    }
    return new Map([...awaiting].map(([supervisorId, modules]) => [supervisorId, { modules }]));
  }
}
