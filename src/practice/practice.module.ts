import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../cohorts/access.module';
import { CurriculaModule } from '../curricula/curricula.module';
import { LedgerModule } from '../ledger/ledger.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { Organisation } from '../users/organisation.entity';
import { PracticeEntry } from './practice-entry.entity';
import { PracticeEntriesRepository } from './practice-entries.repository';
import { PracticeController } from './practice.controller';
import { PracticeService } from './practice.service';
import { PracticeWaiting } from './practice-waiting';

@Module({
  imports: [TypeOrmModule.forFeature([PracticeEntry, Organisation]), AccessModule, CurriculaModule, LedgerModule, NotificationsModule],
  controllers: [PracticeController],
  providers: [PracticeService, PracticeEntriesRepository, PracticeWaiting],
  exports: [PracticeService],
})
export class PracticeModule {}
