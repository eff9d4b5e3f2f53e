import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { CurriculaService } from '../curricula/curricula.service';
import { AccessRepository, CohortInBrief } from './access.repository';
import { Cohort } from './cohort.entity';
import { Enrolment } from './enrolment.entity';

const ENROLMENT_RELATIONS = { cohort: { coordinators: true }, student: true, supervisors: true, employerOrganisation: true } as const;

export type { CohortInBrief };

/** A cohort is run by its coordinators (with the coordinator role) and by administrators. */
const mayRun = (user: SessionUser, coordinatesIt: boolean) => (user.roles.includes('coordinator') && coordinatesIt) || user.roles.includes('admin');

/** How a person stands to an enrolment; decides what they may see and do with it. */
export type EnrolmentRelation = 'student' | 'supervisor' | 'coordinator' | 'admin';

export interface EnrolmentAccess {
  enrolment: Enrolment;
  cohort: Cohort;
  programme: CurriculumVersion;
  relations: Set<EnrolmentRelation>;
  /** The student themselves. */
  isStudent: boolean;
  /** Someone who may sign modules off: an assigned supervisor, a coordinator of the cohort, an administrator. */
  canSignOff: boolean;
  /** A coordinator of the cohort or an administrator. */
  canManage: boolean;
}

/**
 * Answers "may this person touch this record?" from the relationship, for every id:
 * the student their own enrolments, a supervisor those assigned to them, a coordinator
 * the cohorts they run, an administrator everything. Anything else is "not found",
 * exactly like a record that does not exist.
 */
@Injectable()
export class AccessService {
  constructor(
    @InjectRepository(Enrolment) private readonly enrolments: Repository<Enrolment>,
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    private readonly curricula: CurriculaService,
    private readonly repository: AccessRepository,
  ) {}

  async enrolment(user: SessionUser, enrolmentId: number): Promise<EnrolmentAccess> {
    if (!Number.isSafeInteger(enrolmentId)) throw new NotFoundException();
    // `find`, not `findOne`, for the same reason as in `cohort` below.
    const [enrolment] = await this.enrolments.find({ where: { id: enrolmentId }, relations: ENROLMENT_RELATIONS });
    const found = enrolment && (await this.relate(user, enrolment));
    if (!found) throw new NotFoundException();
    return found;
  }

  private async relate(user: SessionUser, enrolment: Enrolment): Promise<EnrolmentAccess | null> {
    const cohort = enrolment.cohort!;
    const relations = new Set<EnrolmentRelation>();
    if (enrolment.studentId === user.id) relations.add('student');
    if (user.roles.includes('supervisor') && enrolment.supervisors?.some((s) => s.id === user.id)) relations.add('supervisor');
    if (user.roles.includes('coordinator') && cohort.coordinators?.some((c) => c.id === user.id)) relations.add('coordinator');
    if (user.roles.includes('admin')) relations.add('admin');
    if (relations.size === 0) return null;
    const canManage = relations.has('coordinator') || relations.has('admin');
    return {
      enrolment,
      cohort,
      programme: await this.curricula.getVersion(cohort.curriculumVersionId),
      relations,
      isStudent: relations.has('student'),
      canSignOff: canManage || relations.has('supervisor'),
      canManage,
    };
  }

  /** A cohort its coordinators and administrators may run; for anyone else it does not exist. */
  async cohort(user: SessionUser, cohortId: number): Promise<{ cohort: Cohort; programme: CurriculumVersion }> {
    if (!Number.isSafeInteger(cohortId)) throw new NotFoundException();
    // `find`, not `findOne`: with to-many relations `findOne` runs a second query to apply its limit, and an id matches one row at most.
    const [cohort] = await this.cohorts.find({ where: { id: cohortId }, relations: { coordinators: true } });
    if (!cohort) throw new NotFoundException();
    if (!mayRun(user, Boolean(cohort.coordinators?.some((c) => c.id === user.id)))) throw new NotFoundException();
    return { cohort, programme: await this.curricula.getVersion(cohort.curriculumVersionId) };
  }

  /** The same rule as `cohort`, for the pages read most (the cohort table and its export): only the cohort's own fields. */
  async cohortInBrief(user: SessionUser, cohortId: number): Promise<{ cohort: CohortInBrief; programme: CurriculumVersion }> {
    if (!Number.isSafeInteger(cohortId)) throw new NotFoundException();
    const found = await this.repository.cohortInBrief(cohortId, user.id);
    if (!found || !mayRun(user, found.coordinates)) throw new NotFoundException();
    const { cohort } = found;
    return { cohort, programme: await this.curricula.getVersion(cohort.curriculumVersionId) };
  }
}
