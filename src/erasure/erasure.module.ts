import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FileStore } from '../assignments/file-store';
import { AuthModule } from '../auth/auth.module';
import { CurriculaModule } from '../curricula/curricula.module';
import { JobsModule } from '../jobs/jobs.module';
import { LedgerModule } from '../ledger/ledger.module';
import { UsersModule } from '../users/users.module';
import { ErasureAdminController } from './erasure-admin.controller';
import { ErasureRequest } from './erasure-request.entity';
import { ErasureController } from './erasure.controller';
import { ErasureRepository } from './erasure.repository';
import { ErasureService } from './erasure.service';
import { RetentionJob } from './retention.job';

/** Erasure of a person's data on request, and the nightly retention that erases those past the period. */
@Module({
  imports: [TypeOrmModule.forFeature([ErasureRequest]), AuthModule, UsersModule, LedgerModule, CurriculaModule, JobsModule],
  controllers: [ErasureController, ErasureAdminController],
  providers: [ErasureService, ErasureRepository, RetentionJob, FileStore],
  exports: [ErasureService],
})
export class ErasureModule {}
