import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttendanceModule } from '../attendance/attendance.module';
import { AccountsModule } from '../accounts/accounts.module';
import { AccessModule } from '../cohorts/access.module';
import { Cohort } from '../cohorts/cohort.entity';
import { CohortsModule } from '../cohorts/cohorts.module';
import { Enrolment } from '../cohorts/enrolment.entity';
import { CurriculaModule } from '../curricula/curricula.module';
import { Organisation } from '../users/organisation.entity';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { CohortAdminController } from './cohort-admin.controller';
import { CohortAdminRepository } from './cohort-admin.repository';
import { CohortAdminService } from './cohort-admin.service';
import { CohortSetupService } from './cohort-setup.service';

/** The coordinator's pages for running cohorts; setting one up also lays out its teaching days, hence attendance. */
@Module({
  imports: [TypeOrmModule.forFeature([Cohort, Enrolment, User, Organisation]), CohortsModule, CurriculaModule, AttendanceModule, AccessModule, UsersModule, AccountsModule],
  controllers: [CohortAdminController],
  providers: [CohortAdminService, CohortSetupService, CohortAdminRepository],
  exports: [CohortSetupService],
})
export class CohortAdminModule {}
