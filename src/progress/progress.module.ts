import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssignmentsModule } from '../assignments/assignments.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { AccessModule } from '../cohorts/access.module';
import { Enrolment } from '../cohorts/enrolment.entity';
import { CohortProgressController } from './cohort-progress.controller';
import { CohortProgressService } from './cohort-progress.service';
import { CurriculaModule } from '../curricula/curricula.module';
import { LearningModule } from '../learning/learning.module';
import { Organisation } from '../users/organisation.entity';
import { EmployerConsent } from './consent.entity';
import { ConsentController } from './consent.controller';
import { ConsentService } from './consent.service';
import { EmployerView } from './employer-view.entity';
import { EmployerController } from './employer.controller';
import { EmployerService } from './employer.service';
import { ProgressFigures } from './progress-figures';

/** Progress for others: the coordinator's cohort table and charts, the employer's view of consenting trainees, exports. */
@Module({
  imports: [TypeOrmModule.forFeature([Enrolment, Organisation, EmployerConsent, EmployerView]), AccessModule, AttendanceModule, AssignmentsModule, CurriculaModule, LearningModule],
  controllers: [CohortProgressController, ConsentController, EmployerController],
  providers: [CohortProgressService, ConsentService, EmployerService, ProgressFigures],
})
export class ProgressModule {}
