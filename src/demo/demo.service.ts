import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'crypto';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CohortsService } from '../cohorts/cohorts.service';
import { addDays, addMonths, today, weekdayIndex } from '../common/dates';
import { CurriculaService } from '../curricula/curricula.service';
import type { Role } from '../users/roles';
import { UsersService } from '../users/users.service';

export const DEMO_ACCOUNTS: { email: string; name: string; roles: Role[] }[] = [
  { email: 'student@demo.test', name: 'Sara Dahl', roles: ['student'] },
  { email: 'supervisor@demo.test', name: 'Per Haugen', roles: ['supervisor'] },
  { email: 'employer@demo.test', name: 'Eva Lund', roles: ['employer'] },
  { email: 'coordinator@demo.test', name: 'Kari Nygård', roles: ['coordinator'] },
  { email: 'admin@demo.test', name: 'Ada Strand', roles: ['admin'] },
];

const FELLOW_STUDENTS = [
  { email: 'jonas@demo.test', name: 'Jonas Berg', programme: 'erfaringsskolen' },
  { email: 'amina@demo.test', name: 'Amina Hassan', programme: 'erfaringsskolen' },
  { email: 'lars@demo.test', name: 'Lars Nilsen', programme: 'mb-bergen' },
  { email: 'ingrid@demo.test', name: 'Ingrid Moe', programme: 'mb-bergen' },
];

export interface DemoResult {
  created: boolean;
  password?: string;
  generatedPassword?: boolean;
}

/**
 * A demo installation for trying Brobygger out: one running cohort of each
 * headline programme and one account per role. Only ever on an empty database,
 * and never in production.
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly cohorts: CohortsService,
    private readonly curricula: CurriculaService,
  ) {}

  async seedIfEmpty(): Promise<DemoResult> {
    if (this.config.env === 'production' || !this.config.demo) return { created: false };
    if ((await this.users.count()) > 0) return { created: false };
    const password = this.config.demoPassword ?? randomBytes(12).toString('base64url');
    await this.seed(password);
    return { created: true, password, generatedPassword: !this.config.demoPassword };
  }

  private async seed(password: string): Promise<void> {
    const employer = await this.users.createOrganisation('Fjordvik kommune, psykisk helse og rus');
    const accounts = new Map<string, number>();
    for (const account of DEMO_ACCOUNTS) {
      const user = await this.users.create({
        ...account,
        password,
        organisationId: account.roles.includes('employer') ? employer.id : null,
      });
      accounts.set(account.email, user.id);
    }
    const coordinatorId = accounts.get('coordinator@demo.test')!;
    const supervisorId = accounts.get('supervisor@demo.test')!;

    const now = today();
    const monday = addDays(now, -weekdayIndex(now));
    const cohortIds = new Map<string, number>();
    const erfaringsskolen = this.curricula.currentVersionOf('erfaringsskolen');
    if (erfaringsskolen) {
      const cohort = await this.cohorts.create({
        name: 'Erfaringsskolen, høstkullet',
        curriculumVersionId: erfaringsskolen.id,
        startDate: addDays(monday, -5 * 7),
        coordinatorIds: [coordinatorId],
      });
      cohortIds.set('erfaringsskolen', cohort.id);
    }
    const mbBergen = this.curricula.currentVersionOf('mb-bergen');
    if (mbBergen) {
      const cohort = await this.cohorts.create({
        name: 'MB Bergen, kull 2026/27',
        curriculumVersionId: mbBergen.id,
        startDate: `${addMonths(now, -3).slice(0, 7)}-01`,
        coordinatorIds: [coordinatorId],
      });
      cohortIds.set('mb-bergen', cohort.id);
    }

    const erfaringsskolenId = cohortIds.get('erfaringsskolen');
    if (erfaringsskolenId) {
      await this.cohorts.enrol({
        cohortId: erfaringsskolenId,
        studentId: accounts.get('student@demo.test')!,
        supervisorIds: [supervisorId],
        employerOrganisationId: employer.id,
      });
    }
    for (const fellow of FELLOW_STUDENTS) {
      const cohortId = cohortIds.get(fellow.programme);
      if (!cohortId) continue;
      const user = await this.users.create({ email: fellow.email, name: fellow.name, roles: ['student'], password });
      await this.cohorts.enrol({
        cohortId,
        studentId: user.id,
        supervisorIds: fellow.programme === 'mb-bergen' || fellow.email === 'jonas@demo.test' ? [supervisorId] : [],
        employerOrganisationId: fellow.email === 'lars@demo.test' ? employer.id : null,
      });
    }
    this.logger.log('Demo installation created');
  }
}
