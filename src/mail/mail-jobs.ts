import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { dailyAt } from '../jobs/slots';
import { OutboxRepository } from './outbox.repository';

/** Sent messages are kept this long as a record that they went out, then forgotten. */
export const KEEP_SENT_DAYS = 90;

/** The outbox's clearing out, at night. */
@Injectable()
export class MailJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'mail.prune', slotAt: (now) => dailyAt(3, now), run: async (now) => void (await this.outbox.pruneSent(now.getTime() - KEEP_SENT_DAYS * 86_400_000)) });
  }
}
