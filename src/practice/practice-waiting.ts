import { Injectable, OnModuleInit } from '@nestjs/common';
import { NotificationSources } from '../notifications/sources';
import { PracticeEntriesRepository } from './practice-entries.repository';

/** Tells the daily digest how many entries wait in each supervisor's queue, and since when. */
@Injectable()
export class PracticeWaiting implements OnModuleInit {
  constructor(
    private readonly sources: NotificationSources,
    private readonly repository: PracticeEntriesRepository,
  ) {}

  onModuleInit(): void {
    this.sources.addWaiting(() => this.repository.waitingBySupervisor());
  }
}
