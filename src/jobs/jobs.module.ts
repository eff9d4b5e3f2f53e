import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobRun } from './job-run.entity';
import { JobRunsRepository } from './job-runs.repository';
import { JobsScheduler } from './jobs.scheduler';
import { JobsService } from './jobs.service';

/** Scheduled work, claimed slot by slot in the database so that one server process runs each. */
@Module({
  imports: [ScheduleModule.forRoot(), TypeOrmModule.forFeature([JobRun])],
  providers: [JobRunsRepository, JobsService, JobsScheduler],
  exports: [JobsService],
})
export class JobsModule {}
