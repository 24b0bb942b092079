import type { Enqueue } from '@switchboard/db';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { jobs, type JobCatalog } from './index.ts';

describe('job catalog', () => {
  it('gives producers the exact payload type of each queue', () => {
    expectTypeOf<JobCatalog['system.ping']>().toEqualTypeOf<{ pingId: string; requestedAt: number }>();
    const enqueue: Enqueue<JobCatalog> = async () => 'job-id';
    // Each line below must fail to compile; `pnpm typecheck` fails if one stops failing.
    // @ts-expect-error a queue that does not exist
    void enqueue('system.pnig', { pingId: 'x', requestedAt: 1 });
    // @ts-expect-error a payload with the wrong field type
    void enqueue('system.ping', { pingId: 'x', requestedAt: 'now' });
    // @ts-expect-error a payload with a missing field
    void enqueue('system.ping', { pingId: 'x' });
    void enqueue('system.ping', { pingId: '0f8fad5b-d9cb-469f-a165-70867728950e', requestedAt: 1 });
  });

  it('declares one queue per job file, each with a retry policy and a bounded run time', () => {
    const queues = jobs.map((job) => job.queue);
    expect(new Set(queues).size).toBe(queues.length);
    for (const job of jobs) {
      expect(job.retry.limit).toBeGreaterThanOrEqual(0);
      expect(job.expireInSeconds).toBeGreaterThan(0);
    }
  });
});
