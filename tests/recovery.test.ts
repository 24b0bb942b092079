import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveEvent } from '@switchboard/core';
import { createBoss, createDatabaseIfMissing, createJobEnqueue, createSql, migrate, withDatabase, type PgBoss, type Sql } from '@switchboard/db';
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgres } from '@switchboard/db/embedded';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from './accounts.ts';
import { cleanEnv, startProcess, waitForHttp, type RunningProcess } from './processes.ts';

// This file runs its own PostgreSQL (never the shared test server), since it stops and restarts it.
let pgDir: string;
let pgPort: number;
let postgres: EmbeddedPostgres | undefined;
let databaseUrl: string;
let web: RunningProcess;
let worker: RunningProcess;
let base: string;
let client: Socket;
const received: LiveEvent[] = [];
// The relay tells browsers to refetch each time it (re)subscribes to live events.
let resyncs = 0;
const OUTAGE_MS = 10_000;

async function startPostgres(): Promise<void> {
  postgres = await startEmbeddedPostgres({ dir: pgDir, port: pgPort });
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withSql<T>(run: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = createSql(databaseUrl, { applicationName: 'recovery-test', max: 1 });
  try {
    return await run(sql);
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  pgDir = join(await mkdtemp(join(tmpdir(), 'switchboard-recovery-')), 'pg');
  pgPort = await findFreePort();
  await startPostgres();
  await createDatabaseIfMissing(postgres!.url, 'switchboard');
  databaseUrl = withDatabase(postgres!.url, 'switchboard');
  const member = await withSql(async (sql) => {
    await migrate(sql);
    return createMember(sql, { email: 'ops@recovery.test', role: 'admin' });
  });

  const port = await findFreePort();
  base = `http://127.0.0.1:${port}`;
  const env = cleanEnv({ DATABASE_URL: databaseUrl, PORT: String(port), LOG_FORMAT: 'json', SWITCHBOARD_SECRET: 'recovery-test-master-secret-0123456789abcdef' });
  web = startProcess('apps/web/server/main.ts', env);
  worker = startProcess('apps/worker/src/main.ts', env);
  await waitForHttp(`${base}/readyz`, (response) => response.status === 200, 60_000).catch((error: Error) => {
    throw new Error(`${error.message}\nweb:\n${web.output()}\nworker:\n${worker.output()}`);
  });
  client = connect(base, { transports: ['websocket'], extraHeaders: { cookie: member.cookie } });
  client.on('event', (event: LiveEvent) => received.push(event));
  client.on('resync', () => (resyncs += 1));
  await until(() => (client.connected ? true : undefined), 'socket connected');
}, 120_000);

afterAll(async () => {
  client?.disconnect();
  for (const child of [web, worker]) {
    if (child && child.child.exitCode === null) child.child.kill('SIGTERM');
  }
  await Promise.all([web?.exited, worker?.exited]);
  await postgres?.stop();
});

describe('when the database goes away and comes back', () => {
  it('web and worker recover by themselves, and /healthz reports the outage meanwhile', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, database: 'reachable' });
    // The worker is up: its own heartbeat went through the queue and reached the browser.
    await until(() => received.find((event) => event.topic === 'system.heartbeat'), 'a heartbeat before the outage');

    await postgres!.stop();
    postgres = undefined;
    const down = await waitForHttp(`${base}/healthz`, (response) => response.status === 503, 15_000);
    expect(await down.json()).toEqual({ ok: false, database: 'unreachable' });
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    await until(() => (/queue error|could not send heartbeat/.test(worker.output()) ? true : undefined), 'the worker noticing the outage');
    // The outage itself: long enough for postgres.js's default back-off between reconnect attempts
    // to have grown past 7 s, which would leave the live relay deaf long after the database is back.
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    // Quiet-ish meanwhile: every queue's poll fails each 2 s, but alike errors are logged once a
    // minute (a handful of distinct messages as the connections die), not once per poll per queue.
    for (const [name, child] of [['web', web], ['worker', worker]] as const) {
      const queueErrors = child.output().split('\n').filter((line) => line.includes('"msg":"queue error"')).length;
      expect(queueErrors, `${name} logged ${queueErrors} queue errors in a ${OUTAGE_MS} ms outage`).toBeLessThanOrEqual(5);
    }

    const resyncsBefore = resyncs;
    await startPostgres();
    const restartedAt = Date.now();
    await waitForHttp(`${base}/readyz`, (response) => response.status === 200, 10_000);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, database: 'reachable' });
    // The LISTEN relay subscribed again by itself, within seconds rather than after a long back-off.
    await until(() => (resyncs > resyncsBefore ? true : undefined), 'the live relay listening again', 10_000);
    expect(Date.now() - restartedAt).toBeLessThan(10_000);

    // A job enqueued after recovery runs on the worker, and its live event reaches the browser.
    received.length = 0;
    const boss: PgBoss = createBoss(databaseUrl, 'producer');
    await boss.start();
    try {
      await createJobEnqueue(boss)('system.heartbeat', {
        workerId: 'after-recovery',
        hostname: 'recovery-test',
        pid: process.pid,
        version: 'test',
        queues: [],
        startedAt: new Date().toISOString(),
      });
    } finally {
      await boss.stop();
    }
    const event = await until(
      () => received.find((candidate) => candidate.payload && (candidate.payload as { workerId?: string }).workerId === 'after-recovery'),
      'the live event of a job enqueued after recovery',
    );
    expect(event).toMatchObject({ topic: 'system.heartbeat', workspaceId: null });
    expect(await withSql((sql) => sql`select worker_id from worker_heartbeats where worker_id = 'after-recovery'`)).toHaveLength(1);
    expect(web.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
  }, 120_000);
});
