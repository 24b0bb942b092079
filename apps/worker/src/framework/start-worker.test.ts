import { createLogger } from '@switchboard/core/logging';
import { createBoss, createSql, type PgBoss, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase } from '../../../../tests/database.ts';
import { defineJob } from './define-job.ts';
import { startWorker, type RunningWorker } from './start-worker.ts';

const log = createLogger({ name: 'worker-test', level: 'silent', format: 'json' });
let database: TestDatabase;
let sql: Sql;
let running: Pick<RunningWorker, 'stop'> | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'worker-test' });
});

afterEach(async () => {
  await running?.stop(1_000);
  running = undefined;
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

function boss(): PgBoss {
  return createBoss(database.url, 'worker', { supervise: false, schedule: false });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function jobState(queue: string, id: string) {
  const [row]: [{ state: string; retryCount: number; output: unknown }?] = await sql`
    select state, retry_count as "retryCount", output from pgboss.job where name = ${queue} and id = ${id}`;
  return row;
}

describe('startWorker', () => {
  it('retries a failing job by its policy until it succeeds', async () => {
    const attempts: number[] = [];
    const flaky = defineJob({
      queue: 'test.flaky',
      payload: z.object({ failTimes: z.number().int() }),
      retry: { limit: 3, delaySeconds: 0, backoff: false },
      expireInSeconds: 30,
      async handler(payload, { retryCount }) {
        attempts.push(retryCount);
        if (retryCount < payload.failTimes) throw new Error(`attempt ${retryCount} fails on purpose`);
      },
    });
    const worker = await startWorker({ sql, boss: boss(), log, pollingIntervalSeconds: 0.5, jobs: [flaky] });
    running = worker;
    const id = await worker.enqueue('test.flaky', { failTimes: 2 });
    const settled = await until(() => jobState('test.flaky', id), (job) => job?.state === 'completed');
    expect(settled?.retryCount).toBe(2);
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('fails a job for good once its retries are spent', async () => {
    const doomed = defineJob({
      queue: 'test.doomed',
      payload: z.object({}),
      retry: { limit: 1, delaySeconds: 0, backoff: false },
      expireInSeconds: 30,
      async handler() {
        throw new Error('provider said no');
      },
    });
    const worker = await startWorker({ sql, boss: boss(), log, pollingIntervalSeconds: 0.5, jobs: [doomed] });
    running = worker;
    const id = await worker.enqueue('test.doomed', {});
    const settled = await until(() => jobState('test.doomed', id), (job) => job?.state === 'failed');
    expect(settled?.retryCount).toBe(1);
    expect(settled?.output).toMatchObject({ error: 'provider said no' });
  });

  it('fails a job with an invalid payload at once, without calling the handler or retrying', async () => {
    let called = false;
    const strict = defineJob({
      queue: 'test.strict',
      payload: z.object({ leadId: z.uuid() }),
      retry: { limit: 5, delaySeconds: 0, backoff: false },
      expireInSeconds: 30,
      async handler() {
        called = true;
      },
    });
    const worker = await startWorker({ sql, boss: boss(), log, pollingIntervalSeconds: 0.5, jobs: [strict] });
    running = worker;
    const id = await worker.enqueue('test.strict', { leadId: 'not-a-uuid' });
    const settled = await until(() => jobState('test.strict', id), (job) => job?.state === 'failed');
    expect(called).toBe(false);
    expect(settled?.retryCount).toBe(0);
    expect(JSON.stringify(settled?.output)).toContain('leadId');
  });

  it('lets in-flight jobs finish when it is stopped', async () => {
    let started = 0;
    let finished = 0;
    const slow = defineJob({
      queue: 'test.slow',
      payload: z.object({}),
      retry: { limit: 0, delaySeconds: 0, backoff: false },
      expireInSeconds: 30,
      async handler() {
        started += 1;
        await new Promise((resolve) => setTimeout(resolve, 400));
        finished += 1;
      },
    });
    const worker = await startWorker({ sql, boss: boss(), log, pollingIntervalSeconds: 0.5, jobs: [slow] });
    const ids = await Promise.all([worker.enqueue('test.slow', {}), worker.enqueue('test.slow', {})]);
    await until(async () => started, (count) => count === 2);
    await worker.stop(5_000);
    expect(finished).toBe(2);
    for (const id of ids) expect((await jobState('test.slow', id))?.state).toBe('completed');
  });

  it('stops waiting after the drain bound and leaves the unfinished job to be retried', async () => {
    let started = false;
    const stuck = defineJob({
      queue: 'test.stuck',
      payload: z.object({}),
      retry: { limit: 2, delaySeconds: 0, backoff: false },
      expireInSeconds: 60,
      async handler(_payload, { signal }) {
        started = true;
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, 20_000);
          signal.addEventListener('abort', () => clearTimeout(timer));
        });
      },
    });
    const worker = await startWorker({ sql, boss: boss(), log, pollingIntervalSeconds: 0.5, jobs: [stuck] });
    const id = await worker.enqueue('test.stuck', {});
    await until(async () => started, (value) => value);
    const stoppingAt = Date.now();
    await worker.stop(1_000);
    expect(Date.now() - stoppingAt).toBeLessThan(5_000);
    const job = await jobState('test.stuck', id);
    // Not completed, and not lost: back in line for another attempt.
    expect(job?.state).toBe('retry');
  });
});
