import { Module } from '@nestjs/common';
import { CohortAdminModule } from '../cohort-admin/cohort-admin.module';
import { CurriculaModule } from '../curricula/curricula.module';
import { PracticeModule } from '../practice/practice.module';
import { AssignmentsModule } from '../assignments/assignments.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { LearningModule } from '../learning/learning.module';
import { ProgressModule } from '../progress/progress.module';
import { UsersModule } from '../users/users.module';
import { DemoService } from './demo.service';

@Module({ imports: [UsersModule, CohortAdminModule, CurriculaModule, PracticeModule, AssignmentsModule, LearningModule, CertificatesModule, ProgressModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
