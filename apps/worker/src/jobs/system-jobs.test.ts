import { parseConfig, providerStatuses } from '@switchboard/core';
import type { JobCatalog } from '@switchboard/core/jobs';
import { randomUUID } from 'node:crypto';
import { type LiveEvent } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createBoss, createSql, listenEvents, type EventSubscription, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import type { RunningWorker } from '../framework/start-worker.ts';
import { startSwitchboardWorker } from '../worker.ts';
import { startHeartbeat } from '../heartbeat.ts';
import { jobs } from './index.ts';

const log = createLogger({ name: 'system-jobs-test', level: 'silent', format: 'json' });
let database: TestDatabase;
let sql: Sql;
let worker: RunningWorker<JobCatalog>;
let subscription: EventSubscription;
const events: LiveEvent[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'system-jobs-test' });
  subscription = await listenEvents(sql, (event) => events.push(event));
  worker = await startSwitchboardWorker({ sql, boss: createBoss(database.url, 'worker', { supervise: false }), log, jobs });
});

afterAll(async () => {
  await worker.stop(1_000);
  await subscription.close();
  await sql.end();
  await database.drop();
});

async function waitForEvent(match: (event: LiveEvent) => boolean, timeoutMs = 5_000): Promise<LiveEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('event did not arrive');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('system jobs', () => {
  it('records a heartbeat through the queue and announces it live', async () => {
    // The providers as this worker's environment has them travel with the heartbeat (the System page shows these).
    const providers = providerStatuses(parseConfig({ RESEND_API_KEY: 're_worker_key_0123456789' }));
    const heartbeat = startHeartbeat(worker, worker.enqueue, log, { version: 'test', intervalMs: 60_000, providers });
    try {
      const event = await waitForEvent((candidate) => candidate.topic === 'system.heartbeat');
      expect(event.payload).toMatchObject({ workerId: worker.workerId });
      const [row]: [{ pid: number; queues: string[]; providers: unknown }?] = await sql`
        select pid, queues, providers from worker_heartbeats where worker_id = ${worker.workerId}`;
      expect(row?.pid).toBe(process.pid);
      expect(row?.queues).toEqual(expect.arrayContaining(['system.heartbeat', 'system.ping']));
      expect(row?.providers).toEqual(providers);
    } finally {
      heartbeat.stop();
    }
  });

  it('answers a ping with a pong carrying the same id', async () => {
    const pingId = randomUUID();
    const requestedAt = Date.now();
    await worker.enqueue('system.ping', { pingId, requestedAt });
    const pong = await waitForEvent((event) => event.topic === 'system.pong' && (event.payload as { pingId: string }).pingId === pingId);
    expect(pong.workspaceId).toBeNull();
    expect(pong.payload).toMatchObject({ pingId, requestedAt, workerId: worker.workerId });
  });

  it('registers the declared cron schedules with their time zone', async () => {
    const schedules = await createBoss(database.url, 'producer').start().then(async (boss) => {
      try {
        return await boss.getSchedules();
      } finally {
        await boss.stop();
      }
    });
    expect(schedules).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'system.prune-heartbeats', cron: '17 * * * *', timezone: 'UTC' })]),
    );
  });
});
