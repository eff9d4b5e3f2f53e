import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { LessonProgress } from './lesson-progress.entity';
import { ModuleSignoff, SignoffDecision } from './module-signoff.entity';

/** What module sign-off is computed from, read for many enrolments at once: lessons done and decisions. */
@Injectable()
export class SignoffsRepository {
  constructor(
    @InjectRepository(LessonProgress) private readonly progress: Repository<LessonProgress>,
    @InjectRepository(ModuleSignoff) private readonly signoffs: Repository<ModuleSignoff>,
  ) {}

  /** Every enrolment that has a supervisor, with its supervisors and its programme version. */
  async supervisedEnrolments(): Promise<{ enrolmentId: number; supervisorId: number; versionId: number }[]> {
    const rows: { enrolmentId: number; supervisorId: number; versionId: number }[] = await this.progress.manager
      .createQueryBuilder()
      .select('e.id', 'enrolmentId')
      .addSelect('es.user_id', 'supervisorId')
      .addSelect('c.curriculum_version_id', 'versionId')
      .from('enrolment_supervisors', 'es')
      .innerJoin('enrolments', 'e', 'e.id = es.enrolment_id')
      .innerJoin('cohorts', 'c', 'c.id = e.cohort_id')
      .getRawMany();
    return rows.map((r) => ({ enrolmentId: Number(r.enrolmentId), supervisorId: Number(r.supervisorId), versionId: Number(r.versionId) }));
  }

  /** The lessons done in these enrolments. */
  lessonsDone(enrolmentIds: number[]): Promise<Pick<LessonProgress, 'enrolmentId' | 'moduleKey' | 'lessonKey'>[]> {
    if (enrolmentIds.length === 0) return Promise.resolve([]);
    return this.progress.find({ select: { enrolmentId: true, moduleKey: true, lessonKey: true }, where: { enrolmentId: In(enrolmentIds) } });
  }

  /** The sign-off decisions of these enrolments, oldest first: the last one per module is its state. */
  decisions(enrolmentIds: number[]): Promise<{ enrolmentId: number; moduleKey: string; decision: SignoffDecision; comment: string | null; decidedAt: Date }[]> {
    if (enrolmentIds.length === 0) return Promise.resolve([]);
    return this.signoffs.find({ select: { enrolmentId: true, moduleKey: true, decision: true, comment: true, decidedAt: true }, where: { enrolmentId: In(enrolmentIds) }, order: { id: 'ASC' } });
  }
}
