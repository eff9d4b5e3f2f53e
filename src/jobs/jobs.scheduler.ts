import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Cron, CronExpression } from '@nestjs/schedule';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { JobsService } from './jobs.service';

/**
 * Looks for due jobs once a minute, in the web server only (the operator commands build the same modules
 * and run jobs only when asked, with jobs:run), and only where SCHEDULED_JOBS is on.
 */
@Injectable()
export class JobsScheduler implements OnApplicationBootstrap {
  private active = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    this.active = this.config.scheduledJobs && Boolean(this.adapterHost.httpAdapter);
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'scheduled-jobs', waitForCompletion: true })
  async tick(): Promise<void> {
    if (this.active) await this.jobs.runDue(new Date());
  }
}
