import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttendanceModule } from '../attendance/attendance.module';
import { CurriculaModule } from '../curricula/curricula.module';
import { Cohort } from './cohort.entity';
import { CohortsService } from './cohorts.service';
import { Enrolment } from './enrolment.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Cohort, Enrolment]), CurriculaModule, AttendanceModule],
  providers: [CohortsService],
  exports: [CohortsService],
})
export class CohortsModule {}
