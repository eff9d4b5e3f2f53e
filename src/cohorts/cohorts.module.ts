import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttendanceModule } from '../attendance/attendance.module';
import { AuthModule } from '../auth/auth.module';
import { CurriculaModule } from '../curricula/curricula.module';
import { Organisation } from '../users/organisation.entity';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { AccessModule } from './access.module';
import { Cohort } from './cohort.entity';
import { CohortAdminService } from './cohort-admin.service';
import { CohortsController } from './cohorts.controller';
import { CohortsRepository } from './cohorts.repository';
import { CohortsService } from './cohorts.service';
import { Enrolment } from './enrolment.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Cohort, Enrolment, User, Organisation]), CurriculaModule, AttendanceModule, AccessModule, UsersModule, AuthModule],
  controllers: [CohortsController],
  providers: [CohortsService, CohortsRepository, CohortAdminService],
  exports: [CohortsService],
})
export class CohortsModule {}
