import { Injectable } from '@nestjs/common';
import type { SessionUser } from '../common/session-user';
import { CohortsService } from '../cohorts/cohorts.service';
import { today } from '../common/dates';
import { CurriculaService } from '../curricula/curricula.service';
import { UsersService } from '../users/users.service';
import { NeedsService } from './needs.service';

/** What each of a person's roles shows on the home page: first what needs them, then their programmes and cohorts. */
@Injectable()
export class HomeService {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly curricula: CurriculaService,
    private readonly users: UsersService,
    private readonly needs: NeedsService,
  ) {}

  async forUser(user: SessionUser) {
    const has = (role: string) => user.roles.includes(role as never);
    const now = new Date();
    const on = today(now);
    const [student, supervisor, coordinator, employer, admin] = await Promise.all([
      has('student') ? this.student(user, on) : undefined,
      has('supervisor') ? this.supervisor(user, on, now) : undefined,
      has('coordinator') || has('admin') ? this.coordinator(user, on) : undefined,
      has('employer') ? this.employer(user, on) : undefined,
      has('admin') ? this.adminOverview() : undefined,
    ]);
    return {
      title: 'home.title',
      student,
      supervisor,
      employer,
      coordinator,
      admin,
      programmeCount: this.curricula.list().length,
    };
  }

  private async student(user: SessionUser, on: string) {
    const enrolments = await this.cohorts.enrolmentsOfStudent(user.id);
    const { needs, week, standings } = await this.needs.student(user, enrolments, on);
    return { enrolments: enrolments.map((e) => ({ ...e, standing: standings.get(e.id) })), needs, week };
  }

  private async supervisor(user: SessionUser, on: string, now: Date) {
    const [enrolments, needs] = await Promise.all([this.cohorts.enrolmentsSupervisedBy(user.id), this.needs.supervisor(user, on, now)]);
    return { enrolments, needs };
  }

  private async coordinator(user: SessionUser, on: string) {
    const [cohorts, needs] = await Promise.all([this.cohorts.cohortsFor(user), this.needs.coordinator(user, on)]);
    return { cohorts, isAdmin: user.roles.includes('admin'), needs };
  }

  private async employer(user: SessionUser, on: string) {
    const organisation = user.organisationId ? await this.users.findOrganisation(user.organisationId) : null;
    return { organisation, needs: organisation ? await this.needs.employer(organisation.id, user, on) : undefined };
  }

  private async adminOverview() {
    const [roles, organisations] = await Promise.all([this.users.countByRole(), this.users.countOrganisations()]);
    return { roles, organisations };
  }
}
