import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../cohorts/access.module';
import { CohortProgressController } from './cohort-progress.controller';
import { CohortProgressService } from './cohort-progress.service';
import { CurriculaModule } from '../curricula/curricula.module';
import { EmployerConsent } from './consent.entity';
import { ConsentController } from './consent.controller';
import { ConsentService } from './consent.service';
import { ConsentsRepository } from './consents.repository';
import { EmployerView } from './employer-view.entity';
import { EmployerController } from './employer.controller';
import { EmployerService } from './employer.service';
import { EmployerViewsRepository } from './employer-views.repository';
import { KeptContentModule } from './kept-content.module';
import { ProgressFiguresRepository } from './progress-figures.repository';

/** Progress for others: the coordinator's cohort table and charts, the employer's view of consenting trainees, exports. */
@Module({
  imports: [TypeOrmModule.forFeature([EmployerConsent, EmployerView]), AccessModule, CurriculaModule, KeptContentModule],
  controllers: [CohortProgressController, ConsentController, EmployerController],
  providers: [CohortProgressService, ConsentService, ConsentsRepository, EmployerService, ProgressFiguresRepository, EmployerViewsRepository],
  exports: [ConsentService],
})
export class ProgressModule {}
