import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Enrolment } from '../cohorts/enrolment.entity';
import { AssignmentSubmission } from './submission.entity';

/** The project assignment's guarded changes: an assessor's decision on a submission, and who assesses an enrolment. */
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
}
