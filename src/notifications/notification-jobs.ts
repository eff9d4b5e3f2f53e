import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { JobsService } from '../jobs/jobs.service';
import { dailyAt, everyMinutes } from '../jobs/slots';
import { NotificationMailService } from './notification-mail.service';

/** How often notifications chosen "at once" are looked at: with the quiet while, they go 5–7 minutes after the last event. */
export const SEND_EVERY_MINUTES = 2;

/**
 * The scheduled work of notifications: mailing what is due "at once", the day's reminders and digest at the
 * installation's DIGEST_HOUR, and clearing out what is older than 60 days at night.
 */
@Injectable()
export class NotificationJobs implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly mail: NotificationMailService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'notifications.send',
      slotAt: (now) => everyMinutes(SEND_EVERY_MINUTES, now),
      run: async (now) => void (await this.mail.sendPending(now)),
    });
    this.jobs.register({
      name: 'notifications.daily',
      slotAt: (now) => dailyAt(this.config.digestHour, now),
      // Reminders first, so that one routed to the digest is in today's; the digest goes even if they failed.
      run: async (now) => {
        let failure: unknown;
        await this.mail.remindMilestones(now).catch((error: unknown) => (failure = error));
        await this.mail.sendDigests(now);
        if (failure) throw failure;
      },
    });
    this.jobs.register({
      name: 'notifications.prune',
      slotAt: (now) => dailyAt(2, now),
      run: (now) => this.mail.prune(now),
    });
  }
}
