import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssignmentsModule } from '../assignments/assignments.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { AccessModule } from '../cohorts/access.module';
import { LearningModule } from '../learning/learning.module';
import { LedgerModule } from '../ledger/ledger.module';
import { Certificate } from './certificate.entity';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';
import { CompletionService } from './completion.service';

@Module({
  imports: [TypeOrmModule.forFeature([Certificate]), AccessModule, LearningModule, AttendanceModule, AssignmentsModule, LedgerModule],
  controllers: [CertificatesController],
  providers: [CertificatesService, CompletionService],
  exports: [CompletionService, CertificatesService],
})
export class CertificatesModule {}
