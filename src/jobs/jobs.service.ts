import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'crypto';
import * as os from 'os';
import { JobRunsRepository } from './job-runs.repository';
import { dailyAt } from './slots';

/** Work done on a schedule: digests, reminders, clearing out old rows. */
export interface Job {
  /** Unique across the installation, e.g. 'notifications.digest'. */
  name: string;
  /** The slot `now` falls in, or null when the job is not due at `now`. Each (name, slot) runs once in all. */
  slotAt(now: Date): string | null;
  /** Does the slot's work. It should be safe to run again after a failure part-way through. */
  run(now: Date): Promise<void>;
}

export interface JobOutcome {
  name: string;
  slot: string;
  outcome: 'ran' | 'failed';
  error?: string;
}

/** A slot's claim lasts this long; a process that stopped mid-job leaves the slot to another after it. */
const LEASE_MS = 30 * 60_000;
/** Finished slots are forgotten after this long. */
const KEEP_RUNS_MS = 90 * 24 * 3_600_000;

/**
 * Runs the scheduled jobs that are due. Features register their jobs at start; every server process runs
 * `runDue` each minute, and the database claim on each slot lets exactly one of them do the work.
 */
@Injectable()
export class JobsService implements OnModuleInit {
  private readonly logger = new Logger('Jobs');
  private readonly jobs = new Map<string, Job>();
  /** Names this process's claims; the host and process id help an operator tell processes apart. */
  readonly owner = `${os.hostname().slice(0, 40)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  /** One round at a time in a process: the minute's tick and an operator's command do not overlap. */
  private round: Promise<unknown> = Promise.resolve();

  constructor(private readonly runs: JobRunsRepository) {}

  onModuleInit(): void {
    this.register({ name: 'jobs.prune', slotAt: (now) => dailyAt(3, now), run: async (now) => void (await this.runs.pruneFinished(now.getTime() - KEEP_RUNS_MS)) });
  }

  register(job: Job): void {
    if (this.jobs.has(job.name)) throw new Error(`A job named "${job.name}" is registered twice`);
    this.jobs.set(job.name, job);
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  /**
   * Runs every job whose slot at `now` no process has run yet, one after another, and says how each went;
   * `only` limits the round to the jobs named.
   */
  runDue(now: Date = new Date(), only?: readonly string[]): Promise<JobOutcome[]> {
    const next = this.round.then(() => this.runRound(now, only));
    this.round = next.catch(() => undefined);
    return next;
  }

  private async runRound(now: Date, only?: readonly string[]): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = [];
    for (const job of this.jobs.values()) {
      if (only && !only.includes(job.name)) continue;
      const slot = job.slotAt(now);
      if (slot === null) continue;
      if (!(await this.runs.claim(job.name, slot, this.owner, Date.now(), LEASE_MS))) continue;
      try {
        await job.run(now);
        await this.runs.finish(job.name, slot, this.owner, Date.now());
        outcomes.push({ name: job.name, slot, outcome: 'ran' });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`${job.name} (${slot}) failed: ${message}`, error instanceof Error ? error.stack : undefined);
        await this.runs.finish(job.name, slot, this.owner, Date.now(), message);
        outcomes.push({ name: job.name, slot, outcome: 'failed', error: message });
      }
    }
    return outcomes;
  }
}
