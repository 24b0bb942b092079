import { createLogger } from '@switchboard/core/logging';
import { createBoss, createSql, type PgBoss, type Sql } from '@switchboard/db';
import { DEFAULT_THROUGHPUT, defineJob, startWorker } from '@switchboard/worker';
import { z } from 'zod';
import { log, round } from './stats.ts';

const silent = createLogger({ name: 'bench', level: 'silent', format: 'json' });
const INSERT_CHUNK = 2_000;

/** Waits until the database, not the handler, says every job is completed. */
async function untilAllCompleted(sql: Sql, queue: string, jobs: number, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [row]: [{ completed: number }?] = await sql`
      select count(*)::int as completed from pgboss.job where name = ${queue} and state = 'completed'`;
    if ((row?.completed ?? 0) >= jobs) return;
    if (Date.now() > deadline) throw new Error(`${what} did not complete within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function fillQueue(boss: PgBoss, queue: string, jobs: number): Promise<void> {
  await boss.createQueue(queue, { notify: true, retryLimit: 0 });
  for (let start = 0; start < jobs; start += INSERT_CHUNK) {
    const chunk = Array.from({ length: Math.min(INSERT_CHUNK, jobs - start) }, (_, index) => ({ data: { n: start + index } }));
    await boss.insert(queue, chunk);
  }
}

/** Jobs per second for raw pg-boss with the framework's own work settings and a no-op handler. */
export async function rawThroughput(url: string, jobs: number, run: number): Promise<number> {
  const queue = `bench.raw-${run}`;
  const producer = createBoss(url, 'producer');
  await producer.start();
  await fillQueue(producer, queue, jobs);
  await producer.stop();

  const sql = createSql(url, { applicationName: 'bench-raw', max: 1 });
  const boss = createBoss(url, 'worker', { supervise: false, schedule: false });
  // Timed from before start(), as the framework run is timed from before startWorker().
  const startedAt = performance.now();
  await boss.start();
  await boss.work(
    queue,
    {
      batchSize: DEFAULT_THROUGHPUT.batchSize,
      localConcurrency: DEFAULT_THROUGHPUT.localConcurrency,
      burstWhenBatchFull: true,
      perJobResults: true,
      pollingIntervalSeconds: 2,
      notifyPollingIntervalSeconds: 5,
    },
    async (batch) => batch.map((job) => ({ id: job.id, status: 'completed' as const })),
  );
  await untilAllCompleted(sql, queue, jobs, `raw pg-boss run ${run}`);
  const seconds = (performance.now() - startedAt) / 1000;
  await boss.stop({ graceful: true, timeout: 5_000 });
  await sql.end();
  log(`raw pg-boss run ${run}: ${jobs} jobs in ${round(seconds, 2)} s`);
  return jobs / seconds;
}

/** Jobs per second through startWorker: payload validation, logging context, per-job results. */
export async function frameworkThroughput(url: string, jobs: number, run: number): Promise<number> {
  const queue = `bench.framework-${run}`;
  const producer = createBoss(url, 'producer');
  await producer.start();
  await fillQueue(producer, queue, jobs);
  await producer.stop();

  const noop = defineJob({
    queue,
    payload: z.object({ n: z.number().int() }),
    retry: { limit: 0, delaySeconds: 0, backoff: false },
    expireInSeconds: 60,
    async handler() {},
  });
  const sql = createSql(url, { applicationName: 'bench-framework' });
  const startedAt = performance.now();
  const worker = await startWorker({ sql, boss: createBoss(url, 'worker', { supervise: false, schedule: false }), log: silent, jobs: [noop] });
  await untilAllCompleted(sql, queue, jobs, `framework run ${run}`);
  const seconds = (performance.now() - startedAt) / 1000;
  await worker.stop(5_000);
  await sql.end();
  log(`framework run ${run}: ${jobs} jobs in ${round(seconds, 2)} s`);
  return jobs / seconds;
}
