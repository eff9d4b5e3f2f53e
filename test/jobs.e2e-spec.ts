import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JobsScheduler } from '../src/jobs/jobs.scheduler';
import { JobsService } from '../src/jobs/jobs.service';
import { dailyAt, everyMinutes } from '../src/jobs/slots';
import { startTestApp, type TestApp } from './support/test-app';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduled jobs', () => {
  let t: TestApp;
  let jobs: JobsService;

  beforeAll(async () => {
    t = await startTestApp();
    jobs = t.app.get(JobsService);
  });
  afterAll(() => t.close());

  const runsOf = (name: string) => t.dataSource.query(`SELECT slot, state, attempts, last_error FROM job_runs WHERE name = '${name}' ORDER BY id`);

  it('runs a daily job once its hour has come in Norway, once a day', async () => {
    const days: string[] = [];
    jobs.register({ name: 'test.daily', slotAt: (now) => dailyAt(7, now), run: async (now) => void days.push(now.toISOString()) });

    expect((await jobs.runDue(new Date('2026-12-03T05:30:00Z'))).map((o) => o.name)).not.toContain('test.daily');
    expect(await jobs.runDue(new Date('2026-12-03T06:30:00Z'))).toContainEqual({ name: 'test.daily', slot: '2026-12-03', outcome: 'ran' });
    expect((await jobs.runDue(new Date('2026-12-03T15:00:00Z'))).map((o) => o.name)).not.toContain('test.daily');
    expect(await jobs.runDue(new Date('2026-12-04T06:00:00Z'))).toContainEqual({ name: 'test.daily', slot: '2026-12-04', outcome: 'ran' });

    expect(days).toEqual(['2026-12-03T06:30:00.000Z', '2026-12-04T06:00:00.000Z']);
    expect(await runsOf('test.daily')).toEqual([
      expect.objectContaining({ slot: '2026-12-03', state: 'ran' }),
      expect.objectContaining({ slot: '2026-12-04', state: 'ran' }),
    ]);
  });

  it('refuses a second job of the same name', () => {
    jobs.register({ name: 'test.once', slotAt: () => null, run: async () => undefined });
    expect(() => jobs.register({ name: 'test.once', slotAt: () => null, run: async () => undefined })).toThrow(/registered twice/);
  });

  it('tries a failed slot again after a wait, three times in all, and records the error', async () => {
    let calls = 0;
    jobs.register({
      name: 'test.flaky',
      slotAt: (now) => everyMinutes(60, now),
      run: async () => {
        calls += 1;
        throw new Error(`mail server away (${calls})`);
      },
    });
    const at = new Date('2026-12-03T10:10:00Z');
    expect(await jobs.runDue(at)).toContainEqual({ name: 'test.flaky', slot: '2026-12-03T10:00Z/60', outcome: 'failed', error: 'mail server away (1)' });
    // Straight away: the wait has not passed.
    await jobs.runDue(at);
    expect(calls).toBe(1);

    for (const attempt of [2, 3, 4]) {
      await t.dataSource.query(`UPDATE job_runs SET finished_at = finished_at - 300001 WHERE name = 'test.flaky'`);
      await jobs.runDue(at);
      expect(calls).toBe(Math.min(attempt, 3));
    }
    expect(await runsOf('test.flaky')).toEqual([{ slot: '2026-12-03T10:00Z/60', state: 'failed', attempts: 3, last_error: 'mail server away (3)' }]);
  });

  it('takes over a slot whose process stopped part-way, once its claim has run out', async () => {
    let calls = 0;
    jobs.register({ name: 'test.orphaned', slotAt: () => 'only', run: async () => void (calls += 1) });
    await t.dataSource.query(
      `INSERT INTO job_runs (name, slot, state, attempts, lease_owner, lease_until, started_at) VALUES ('test.orphaned', 'only', 'running', 1, 'gone:1:x', ${Date.now() + 60_000}, ${Date.now()})`,
    );
    await jobs.runDue();
    expect(calls).toBe(0);
    await t.dataSource.query(`UPDATE job_runs SET lease_until = ${Date.now() - 1} WHERE name = 'test.orphaned'`);
    await jobs.runDue();
    expect(calls).toBe(1);
    expect(await runsOf('test.orphaned')).toEqual([expect.objectContaining({ state: 'ran', attempts: 2 })]);
  });

  it('lets one of two server processes on one database run each slot, never both', async () => {
    const other: NestExpressApplication = (await createApp(t.config, { logger: false })).app;
    try {
      const ran: string[] = [];
      const job = (process: string) => ({
        name: 'test.shared',
        slotAt: (now: Date) => everyMinutes(1, now),
        run: async (now: Date) => {
          ran.push(`${everyMinutes(1, now)} by ${process}`);
          await pause(5);
        },
      });
      jobs.register(job('first'));
      other.get(JobsService).register(job('second'));
      expect(other.get(DataSource)).not.toBe(t.dataSource);

      const start = new Date('2026-12-05T08:00:00Z').getTime();
      for (let minute = 0; minute < 15; minute++) {
        const now = new Date(start + minute * 60_000);
        // Only this job: in one test process the two SQLite connections would wait on each other's transactions.
        const mine = ['test.shared'];
        await Promise.all([jobs.runDue(now, mine), other.get(JobsService).runDue(now, mine), jobs.runDue(now, mine), other.get(JobsService).runDue(now, mine)]);
      }
      const slots = ran.map((line) => line.split(' by ')[0]);
      expect(slots).toHaveLength(15);
      expect(new Set(slots).size).toBe(15);
    } finally {
      await other.close();
    }
  });

  it('clears out finished slots after 90 days', async () => {
    const at = new Date('2027-06-01T12:00:00Z');
    await t.dataSource.query(`INSERT INTO job_runs (name, slot, state, attempts, lease_until, finished_at) VALUES ('test.old', 'long-ago', 'ran', 1, 0, ${at.getTime() - 91 * 86_400_000})`);
    await t.dataSource.query(`INSERT INTO job_runs (name, slot, state, attempts, lease_until, finished_at) VALUES ('test.old', 'recent', 'failed', 3, 0, ${at.getTime() - 89 * 86_400_000})`);
    expect(await jobs.runDue(at)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'jobs.prune', outcome: 'ran' })]));
    expect((await runsOf('test.old')).map((r: { slot: string }) => r.slot)).toEqual(['recent']);
  });

  it('looks once a minute in a web server where SCHEDULED_JOBS is on, and not at all where it is off', async () => {
    const cron = t.app.get(SchedulerRegistry).getCronJob('scheduled-jobs');
    expect(cron.cronTime.source).toBe('*/1 * * * *');

    let calls = 0;
    jobs.register({ name: 'test.ticked', slotAt: (now) => everyMinutes(1, now), run: async () => void (calls += 1) });
    await t.app.get(JobsScheduler).tick();
    expect(calls).toBe(0);

    const on = await startTestApp({ env: { SCHEDULED_JOBS: 'on' } });
    try {
      on.app.get(JobsService).register({ name: 'test.ticked', slotAt: (now) => everyMinutes(1, now), run: async () => void (calls += 1) });
      await on.app.get(JobsScheduler).tick();
      expect(calls).toBe(1);
    } finally {
      await on.close();
    }
  });
});
