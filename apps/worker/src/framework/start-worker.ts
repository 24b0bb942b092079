import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '@switchboard/core';
import { logRepeatedErrors } from '@switchboard/core/logging';
import { createEnqueue, createPublisher, type Enqueue, type PgBoss, type Sql } from '@switchboard/db';
import type { AnyJobDefinition, CatalogOf, Throughput } from './define-job.ts';
import { runJob } from './run-job.ts';

// Measured here: batches of 50 with burst fetching drain a backlog at well over 1,000 jobs/s on two
// cores, while one job per fetch tops out near 16 jobs/s. Queues override this when their jobs are slow.
export const DEFAULT_THROUGHPUT: Throughput = { batchSize: 50, localConcurrency: 2 };
// NOTIFY wakes a worker for new jobs at once; polling is the floor for a dropped listener and what
// picks up retries and deferred jobs, so it bounds how late a retry can start.
const POLLING_INTERVAL_SECONDS = 2;
const NOTIFY_POLLING_INTERVAL_SECONDS = 5;

export interface WorkerOptions<Jobs extends readonly AnyJobDefinition<Services>[], Services extends object = object> {
  sql: Sql;
  boss: PgBoss;
  log: Logger;
  jobs: Jobs;
  /** What the app hands every job besides the framework's part (providers, its own queue handle). */
  services?: Services;
  /** How often idle queues are polled for retries and deferred jobs (tests shorten it). */
  pollingIntervalSeconds?: number;
}

export interface RunningWorker<Catalog = Record<string, unknown>> {
  workerId: string;
  queues: string[];
  startedAt: Date;
  enqueue: Enqueue<Catalog>;
  /** Stops fetching, waits for in-flight jobs up to `drainTimeoutMs`, then fails what is left (so it retries). */
  stop(drainTimeoutMs: number): Promise<void>;
}

/** Creates every queue with its retry policy, starts its workers and registers its cron schedule. */
export async function startWorker<const Jobs extends readonly AnyJobDefinition<Services>[], Services extends object = object>(
  options: WorkerOptions<Jobs, Services>,
): Promise<RunningWorker<CatalogOf<Jobs>>> {
  const { sql, boss, jobs } = options;
  const workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = options.log.child({ component: 'worker', workerId });
  const publish = createPublisher(sql);
  const startedAt = new Date();

  // While the database is down every poll fails alike: one line a minute, /healthz reports the outage.
  boss.on('error', logRepeatedErrors(log, 'queue error'));
  boss.on('warning', (warning) => log.warn({ warning }, 'queue warning'));
  await boss.start();

  for (const job of jobs) {
    // createQueue is a no-op for an existing queue (a producer may have made it first), so the
    // policy declared in the job file is applied with updateQueue every start.
    await boss.createQueue(job.queue, { notify: true });
    await boss.updateQueue(job.queue, {
      retryLimit: job.retry.limit,
      retryDelay: job.retry.delaySeconds,
      retryBackoff: job.retry.backoff,
      retryDelayMax: job.retry.maxDelaySeconds ?? null,
      expireInSeconds: job.expireInSeconds,
      ...(job.retentionSeconds === undefined ? {} : { retentionSeconds: job.retentionSeconds }),
      notify: true,
    });
  }

  const enqueue = createEnqueue<CatalogOf<Jobs>>(boss);
  const services = { ...(options.services as Services), sql, publish, workerId, log };
  for (const job of jobs) {
    const throughput = job.throughput ?? DEFAULT_THROUGHPUT;
    await boss.work(
      job.queue,
      {
        batchSize: throughput.batchSize,
        localConcurrency: throughput.localConcurrency,
        burstWhenBatchFull: throughput.batchSize > 1,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? POLLING_INTERVAL_SECONDS,
        notifyPollingIntervalSeconds: options.pollingIntervalSeconds ?? NOTIFY_POLLING_INTERVAL_SECONDS,
        perJobResults: true,
      },
      (batch) => Promise.all(batch.map((fetched) => runJob(job, fetched, services))),
    );
  }

  await syncSchedules(boss, jobs);
  log.info({ queues: jobs.map((job) => job.queue) }, 'worker started');

  return {
    workerId,
    queues: jobs.map((job) => job.queue),
    startedAt,
    enqueue,
    async stop(drainTimeoutMs) {
      log.info({ drainTimeoutMs }, 'worker draining');
      await boss.stop({ graceful: true, timeout: drainTimeoutMs, close: true });
      log.info('worker stopped');
    },
  };
}

/** Schedules follow the job list: declared ones are (re)registered, removed ones unregistered. */
async function syncSchedules<Services extends object>(boss: PgBoss, jobs: readonly AnyJobDefinition<Services>[]): Promise<void> {
  const declared = new Map(jobs.filter((job) => job.schedule).map((job) => [job.queue, job]));
  for (const existing of await boss.getSchedules()) {
    if (!declared.has(existing.name)) await boss.unschedule(existing.name, existing.key);
  }
  for (const job of declared.values()) {
    const schedule = job.schedule!;
    await boss.schedule(job.queue, schedule.cron, schedule.payload as object, { tz: schedule.tz });
  }
}
