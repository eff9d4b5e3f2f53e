import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LedgerHead, LedgerRecord } from './ledger-record.entity';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

/** The tamper-evident ledger; features append to it inside their own transactions. */
@Module({
  imports: [TypeOrmModule.forFeature([LedgerRecord, LedgerHead])],
  providers: [LedgerService, LedgerRepository],
  exports: [LedgerService],
})
export class LedgerModule {}
