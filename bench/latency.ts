import { createLogger } from '@switchboard/core/logging';
import { createBoss, createEnqueue, createSql } from '@switchboard/db';
import { defineJob, startWorker } from '@switchboard/worker';
import { z } from 'zod';
import { log, percentile, round, until } from './stats.ts';

const silent = createLogger({ name: 'bench', level: 'silent', format: 'json' });

/**
 * Enqueue → handler start, with the worker idle and woken by NOTIFY: one job every `intervalMs`,
 * sent from a separate producer as the web process would.
 */
export async function enqueueToStartLatency(url: string, samples: number, intervalMs: number) {
  const latencies: number[] = [];
  const probe = defineJob({
    queue: 'bench.latency',
    payload: z.object({ sentAt: z.number() }),
    retry: { limit: 0, delaySeconds: 0, backoff: false },
    expireInSeconds: 60,
    async handler(payload) {
      latencies.push(Date.now() - payload.sentAt);
    },
  });
  const sql = createSql(url, { applicationName: 'bench-latency' });
  const worker = await startWorker({ sql, boss: createBoss(url, 'worker', { supervise: false, schedule: false }), log: silent, jobs: [probe] });
  const producer = createBoss(url, 'producer');
  await producer.start();
  const enqueue = createEnqueue<{ 'bench.latency': { sentAt: number } }>(producer);
  await enqueue('bench.latency', { sentAt: Date.now() });
  await until(() => latencies.length === 1, 10_000, 'latency warm-up');
  latencies.length = 0;

  for (let sample = 0; sample < samples; sample += 1) {
    await enqueue('bench.latency', { sentAt: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  await until(() => latencies.length >= samples, 30_000, 'latency samples');
  await producer.stop();
  await worker.stop(5_000);
  await sql.end();
  log(`enqueue → start: ${samples} samples`);
  return { samples, intervalMs, p50Ms: round(percentile(latencies, 50)), p95Ms: round(percentile(latencies, 95)), maxMs: round(Math.max(...latencies)) };
}
