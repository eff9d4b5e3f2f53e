import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { SessionUser } from '../common/session-user';
import { AccessService, EnrolmentAccess } from '../cohorts/access.service';
import { FieldError, FieldErrors, FormResult } from '../common/form-result';
import { Transactions } from '../database/transactions';
import { AssignmentsRepository } from './assignments.repository';
import type { User } from '../users/user.entity';

/**
 * Who assesses an enrolment's project assignment: always the cohort's coordinators, and besides
 * them one of the enrolment's supervisors when a coordinator names one. The name is kept in
 * `Enrolment.assessorId`, which only this feature writes.
 */
@Injectable()
export class AssessorsService {
  constructor(
    private readonly access: AccessService,
    private readonly transactions: Transactions,
    private readonly repository: AssignmentsRepository,
  ) {}

  /** The named supervisor, while they are still one of the enrolment's supervisors; otherwise nobody besides the coordinators. */
  namedAssessor(found: EnrolmentAccess): User | undefined {
    const id = found.enrolment.assessorId;
    return id === null ? undefined : found.enrolment.supervisors?.find((s) => s.id === id);
  }

  /** May this person give feedback: a coordinator of the cohort, an administrator, or the named supervisor (never the student). */
  async canAssess(user: SessionUser, found: EnrolmentAccess): Promise<{ canAssess: boolean; assessor?: User }> {
    const assessor = this.namedAssessor(found);
    const isNamed = found.relations.has('supervisor') && assessor?.id === user.id;
    return { canAssess: !found.isStudent && (found.canManage || isNamed), assessor };
  }

  async form(user: SessionUser, enrolmentId: number, values?: { assessor?: string; version?: string }, errors?: Record<string, FieldError>) {
    const found = await this.manageable(user, enrolmentId);
    const assessor = this.namedAssessor(found);
    const current = values ?? { assessor: assessor ? String(assessor.id) : '', version: String(found.enrolment.version) };
    const supervisors = [...(found.enrolment.supervisors ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
    return {
      title: 'assignments.assessor.title',
      enrolment: found.enrolment,
      cohort: found.cohort,
      programme: found.programme,
      values: current,
      // Absent on a fresh form: the layout and the error summary treat any errors object, even an empty one, as errors.
      errors,
      options: [
        { value: '', labelKey: 'assignments.assessor.coordinatorsOnly', checked: !current.assessor },
        ...supervisors.map((s) => ({ value: String(s.id), label: s.name, checked: String(s.id) === current.assessor })),
      ],
    };
  }

  async save(user: SessionUser, enrolmentId: number, input: { assessor?: string; version?: string }): Promise<FormResult> {
    const found = await this.manageable(user, enrolmentId);
    const choice = (input.assessor ?? '').trim();
    const supervisor = choice ? found.enrolment.supervisors?.find((s) => String(s.id) === choice) : undefined;
    const errors = new FieldErrors();
    if (choice && !supervisor) errors.add('assessor', 'assignments.error.assessorUnknown');
    if (errors.any) return { status: 400, data: await this.form(user, enrolmentId, { ...input, assessor: choice }, errors.errors) };
    await this.transactions.run(async (manager) => {
      // Guarded on the version the form was read at, so a change made meanwhile is not silently overwritten.
      const named = await this.repository.setAssessorIfUnchanged(manager, { id: enrolmentId, version: Number(input.version) }, supervisor?.id ?? null);
      if (!named) throw new ConflictException('enrolment.error.conflict');
    });
    return { redirect: `/enrolments/${enrolmentId}/assignment` };
  }

  /** Naming the assessor is for the cohort's coordinators and administrators, and only where there is an assignment. */
  private async manageable(user: SessionUser, enrolmentId: number): Promise<EnrolmentAccess> {
    const found = await this.access.enrolment(user, enrolmentId);
    if (!found.canManage || !found.programme.content.assignment?.milestones.length) throw new NotFoundException();
    return found;
  }
}
