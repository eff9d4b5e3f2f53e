import { Injectable } from '@nestjs/common';
import type { SessionUser } from '../common/session-user';
import { CohortsService } from '../cohorts/cohorts.service';
import { CurriculaService } from '../curricula/curricula.service';
import { UsersService } from '../users/users.service';

/** What each of a person's roles shows on the home page, from real data only. */
@Injectable()
export class HomeService {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly curricula: CurriculaService,
    private readonly users: UsersService,
  ) {}

  async forUser(user: SessionUser) {
    const has = (role: string) => user.roles.includes(role as never);
    const [enrolments, supervised, coordinated, organisation, admin] = await Promise.all([
      has('student') ? this.cohorts.enrolmentsOfStudent(user.id) : undefined,
      has('supervisor') ? this.cohorts.enrolmentsSupervisedBy(user.id) : undefined,
      has('coordinator') || has('admin') ? this.cohorts.cohortsFor(user) : undefined,
      has('employer') && user.organisationId ? this.users.findOrganisation(user.organisationId) : undefined,
      has('admin') ? this.adminOverview() : undefined,
    ]);
    return {
      title: 'home.title',
      student: enrolments && { enrolments },
      supervisor: supervised && { enrolments: supervised },
      employer: has('employer') ? { organisation } : undefined,
      coordinator: coordinated && { cohorts: coordinated, isAdmin: has('admin') },
      admin,
      programmeCount: this.curricula.list().length,
    };
  }

  private async adminOverview() {
    const [roles, organisations] = await Promise.all([this.users.countByRole(), this.users.countOrganisations()]);
    return { roles, organisations };
  }
}
