import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CurriculaModule } from '../curricula/curricula.module';
import { Cohort } from './cohort.entity';
import { CohortsRepository } from './cohorts.repository';
import { CohortsService } from './cohorts.service';
import { Enrolment } from './enrolment.entity';

/** Cohorts and enrolments as every feature reads them; their administration lives in cohort-admin. */
@Module({
  imports: [TypeOrmModule.forFeature([Cohort, Enrolment]), CurriculaModule],
  providers: [CohortsService, CohortsRepository],
  exports: [CohortsService],
})
export class CohortsModule {}
