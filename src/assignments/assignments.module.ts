import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../cohorts/access.module';
import { CurriculaModule } from '../curricula/curricula.module';
import { LedgerModule } from '../ledger/ledger.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AssignmentDeadlines } from './assignment-deadlines';
import { AssessorsService } from './assessors.service';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsRepository } from './assignments.repository';
import { AssignmentsService } from './assignments.service';
import { FileStore } from './file-store';
import { AssignmentFeedback, AssignmentSubmission, SubmissionFile } from './submission.entity';

/** The project assignment: milestones, versions handed in with files, the assessor's feedback. */
@Module({
  imports: [TypeOrmModule.forFeature([AssignmentSubmission, SubmissionFile, AssignmentFeedback]), AccessModule, CurriculaModule, LedgerModule, NotificationsModule],
  controllers: [AssignmentsController],
  providers: [AssignmentsService, AssessorsService, AssignmentsRepository, FileStore, AssignmentDeadlines],
  exports: [AssignmentsService, AssessorsService],
})
export class AssignmentsModule {}
