import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Enrolment } from '../cohorts/enrolment.entity';
import { AssignmentSubmission } from './submission.entity';

/**
 * The project assignment's guarded changes (an assessor's decision on a submission, and who assesses an
 * enrolment), and where each enrolment stands with a milestone, for the reminders of its deadline.
 */
@Injectable()
export class AssignmentsRepository {
  /** Decides a submission only if it is still submitted and at the version the assessor saw; answers whether it did. */
  async decideIfUnchanged(manager: EntityManager, submission: { id: number; version: number }, decision: AssignmentSubmission['state']): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(AssignmentSubmission)
      .set({ state: decision, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND state = :state', { id: submission.id, version: submission.version, state: 'submitted' })
      .execute();
    return Boolean(result.affected);
  }

  /** Names the enrolment's assessor only if the enrolment is still at the version the form was read at; answers whether it did. */
  async setAssessorIfUnchanged(manager: EntityManager, enrolment: { id: number; version: number }, assessorId: number | null): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Enrolment)
      .set({ assessorId, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: enrolment.id, version: enrolment.version })
      .execute();
    return Boolean(result.affected);
  }

  /** Every cohort with its start date and programme version: the milestones' due dates follow from them. */
  async cohortStarts(manager: EntityManager): Promise<{ id: number; startDate: string; versionId: number }[]> {
    const rows: { id: number; startDate: string; versionId: number }[] = await manager
      .createQueryBuilder()
      .select('c.id', 'id')
      .addSelect('CAST(c.start_date AS VARCHAR(10))', 'startDate')
      .addSelect('c.curriculum_version_id', 'versionId')
      .from('cohorts', 'c')
      .orderBy('c.id')
      .getRawMany();
    return rows.map((r) => ({ id: Number(r.id), startDate: r.startDate, versionId: Number(r.versionId) }));
  }

  /** Each enrolment of a cohort with the state of its latest version of a milestone (null: nothing handed in). */
  async latestStates(manager: EntityManager, cohortId: number, milestoneKey: string): Promise<{ enrolmentId: number; studentId: number; state: AssignmentSubmission['state'] | null }[]> {
    const rows: { enrolmentId: number; studentId: number; state: AssignmentSubmission['state'] | null }[] = await manager
      .createQueryBuilder()
      .select('e.id', 'enrolmentId')
      .addSelect('e.student_id', 'studentId')
      .addSelect('s.state', 'state')
      .from('enrolments', 'e')
      .leftJoin(
        'assignment_submissions',
        's',
        's.enrolment_id = e.id AND s.milestone_key = :milestoneKey AND s.number = (SELECT MAX(l.number) FROM assignment_submissions l WHERE l.enrolment_id = e.id AND l.milestone_key = :milestoneKey)',
        { milestoneKey },
      )
      .where('e.cohort_id = :cohortId', { cohortId })
      .orderBy('e.id')
      .getRawMany();
    return rows.map((r) => ({ enrolmentId: Number(r.enrolmentId), studentId: Number(r.studentId), state: r.state ?? null }));
  }
}
