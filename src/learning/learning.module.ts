import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssignmentsModule } from '../assignments/assignments.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { AccessModule } from '../cohorts/access.module';
import { CohortsModule } from '../cohorts/cohorts.module';
import { CurriculaModule } from '../curricula/curricula.module';
import { LedgerModule } from '../ledger/ledger.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { LearningController } from './learning.controller';
import { LearningService } from './learning.service';
import { LessonProgress } from './lesson-progress.entity';
import { ModuleSignoff } from './module-signoff.entity';
import { Reflection } from './reflection.entity';
import { ReflectionsRepository } from './reflections.repository';
import { ReflectionsService } from './reflections.service';
import { SignoffWaiting } from './signoff-waiting';
import { SignoffsRepository } from './signoffs.repository';

@Module({
  imports: [TypeOrmModule.forFeature([LessonProgress, ModuleSignoff, Reflection]), AccessModule, CohortsModule, CurriculaModule, AttendanceModule, LedgerModule, AssignmentsModule, NotificationsModule],
  controllers: [LearningController],
  providers: [LearningService, ReflectionsService, ReflectionsRepository, SignoffsRepository, SignoffWaiting],
  exports: [LearningService],
})
export class LearningModule {}
