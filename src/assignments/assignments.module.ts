import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../cohorts/access.module';
import { LedgerModule } from '../ledger/ledger.module';
import { AssessorsService } from './assessors.service';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsRepository } from './assignments.repository';
import { AssignmentsService } from './assignments.service';
import { FileStore } from './file-store';
import { AssignmentFeedback, AssignmentSubmission, SubmissionFile } from './submission.entity';

/** The project assignment: milestones, versions handed in with files, the assessor's feedback. */
@Module({
  imports: [TypeOrmModule.forFeature([AssignmentSubmission, SubmissionFile, AssignmentFeedback]), AccessModule, LedgerModule],
  controllers: [AssignmentsController],
  providers: [AssignmentsService, AssessorsService, AssignmentsRepository, FileStore],
  exports: [AssignmentsService, AssessorsService],
})
export class AssignmentsModule {}
