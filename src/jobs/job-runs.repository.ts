import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, LessThan, Repository } from 'typeorm';
import { JobRun } from './job-run.entity';

/** A failed slot is tried again this many times in all, a few minutes apart, and then left for the next slot. */
export const MAX_ATTEMPTS = 3;
export const RETRY_AFTER_MS = 5 * 60_000;

/** The claims on job slots: one row per (job, slot), taken by one process at a time under a lease. */
@Injectable()
export class JobRunsRepository {
  constructor(@InjectRepository(JobRun) private readonly runs: Repository<JobRun>) {}

  /**
   * Takes the slot for `owner` when nobody has run it, when its last try failed a while ago, or when the
   * process that took it stopped answering (its lease ran out). Answers whether this process got it. The
   * row is written first if missing (the unique index makes one writer win), and then taken by one
   * conditional update, so two processes asking at once never both get it, on either database.
   */
  async claim(name: string, slot: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    await this.runs
      .createQueryBuilder()
      .insert()
      .into(JobRun)
      .values({ name, slot, state: 'pending', attempts: 0, leaseOwner: null, leaseUntil: 0, startedAt: null, finishedAt: null, lastError: null })
      .orIgnore()
      .updateEntity(false)
      .execute();
    const result = await this.runs
      .createQueryBuilder()
      .update(JobRun)
      .set({ state: 'running', attempts: () => 'attempts + 1', leaseOwner: owner, leaseUntil: now + leaseMs, startedAt: now })
      .where('name = :name AND slot = :slot', { name, slot })
      .andWhere(
        new Brackets((when) =>
          when
            .where("state = 'pending'")
            .orWhere("state = 'failed' AND attempts < :max AND finished_at <= :retryBefore", { max: MAX_ATTEMPTS, retryBefore: now - RETRY_AFTER_MS })
            .orWhere("state = 'running' AND lease_until < :now", { now }),
        ),
      )
      .execute();
    return result.affected === 1;
  }

  /** Records how the slot went; only the process holding the claim may, so a late finisher changes nothing. */
  async finish(name: string, slot: string, owner: string, now: number, error?: string): Promise<void> {
    await this.runs.update(
      { name, slot, leaseOwner: owner, state: 'running' },
      { state: error === undefined ? 'ran' : 'failed', finishedAt: now, leaseUntil: 0, lastError: error === undefined ? null : error.slice(0, 2000) },
    );
  }

  find(name: string, slot: string): Promise<JobRun | null> {
    return this.runs.findOneBy({ name, slot });
  }

  /** The newest runs, for operators. */
  latest(limit: number): Promise<JobRun[]> {
    return this.runs.find({ order: { id: 'DESC' }, take: limit });
  }

  /** Forgets finished slots older than `before`: they only ever answer "this slot is done". */
  async pruneFinished(before: number): Promise<number> {
    const result = await this.runs.delete({ finishedAt: LessThan(before), state: 'ran' });
    const failed = await this.runs.delete({ finishedAt: LessThan(before), state: 'failed' });
    return (result.affected ?? 0) + (failed.affected ?? 0);
  }
}
