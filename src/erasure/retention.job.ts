import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { addMonths, today } from '../common/dates';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CurriculaService } from '../curricula/curricula.service';
import { programmeEnd } from '../cohorts/timeline';
import { JobsService } from '../jobs/jobs.service';
import { dailyAt } from '../jobs/slots';
import { ErasureRepository } from './erasure.repository';
import { ErasureService } from './erasure.service';
import { auditMonths, pastRetention } from './retention';

/** The hour (Norwegian time) the nightly retention runs, after the outbox and job runs are cleared out. */
const RETENTION_HOUR = 4;

/**
 * Each night: erases students whose every enrolment ended more than RETENTION_MONTHS ago (when it is set),
 * forgets audit events older than the audit log's period, and says what it did in the audit log.
 */
@Injectable()
export class RetentionJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly erasure: ErasureService,
    private readonly repository: ErasureRepository,
    private readonly curricula: CurriculaService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'erasure.retention', slotAt: (now) => dailyAt(RETENTION_HOUR, now), run: (now) => this.run(now) });
  }

  async run(now: Date): Promise<void> {
    const day = today(now);
    const months = this.config.retentionMonths;
    const erased = months ? await this.due(day, months) : [];
    // One by one: each person's erasure is its own transaction, so one failure leaves the others done.
    for (const userId of erased) await this.erasure.eraseForRetention(userId, now.getTime());
    const auditPruned = await this.audit.prune(Date.parse(`${addMonths(day, -auditMonths(months))}T00:00:00Z`));
    await this.audit.record({
      kind: 'retention_anonymised',
      at: now.getTime(),
      detail: { count: erased.length, userIds: erased.map(String), retentionMonths: months ?? null, auditPruned, auditMonths: auditMonths(months) },
    });
  }

  /** The people past the period: students and nothing else, from the last day of each enrolment's programme. */
  private async due(day: string, months: number): Promise<number[]> {
    const ends = await Promise.all(
      (await this.repository.onlyStudentsEnrolments()).map(async (e) => {
        const { duration } = (await this.curricula.getVersion(e.versionId)).content;
        return { personId: e.studentId, endDate: programmeEnd(e.startDate, duration.unit, duration.length) };
      }),
    );
    return pastRetention(ends, day, months);
  }
}
