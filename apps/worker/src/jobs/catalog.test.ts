import { JOB_PAYLOADS, QUEUE_NAMES, type JobCatalog, type JobPayloads, type QueueName } from '@switchboard/core/jobs';
import type { Enqueue, JobEnqueue } from '@switchboard/db';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { jobs } from './index.ts';

describe('job catalog', () => {
  it('gives producers the exact payload type of each queue', () => {
    expectTypeOf<JobCatalog['system.ping']>().toEqualTypeOf<{ pingId: string; requestedAt: number }>();
    expectTypeOf<JobCatalog['discovery.scrape']>().toEqualTypeOf<{ workspaceId: string; runId: string; taskId: string }>();
    expectTypeOf<JobEnqueue>().toEqualTypeOf<Enqueue<JobCatalog>>();
    const enqueue: JobEnqueue = async () => 'job-id';
    // Each line below must fail to compile; `pnpm typecheck` fails if one stops failing.
    // @ts-expect-error a queue that does not exist
    void enqueue('system.pnig', { pingId: 'x', requestedAt: 1 });
    // @ts-expect-error a payload with the wrong field type
    void enqueue('system.ping', { pingId: 'x', requestedAt: 'now' });
    // @ts-expect-error a payload with a missing field
    void enqueue('system.ping', { pingId: 'x' });
    // @ts-expect-error a discovery task without its workspace
    void enqueue('discovery.search', { runId: 'r', taskId: 't' });
    // @ts-expect-error a sandbox recipient event the simulation does not know
    void enqueue('email.sandbox-recipient', { workspaceId: 'w', sendId: 's', event: 'read' });
    void enqueue('email.sandbox-recipient', { workspaceId: 'w', sendId: 's', event: 'auto_replied' });
    void enqueue('system.ping', { pingId: '0f8fad5b-d9cb-469f-a165-70867728950e', requestedAt: 1 });
    // A field with a default may be left out by the producer.
    void enqueue('auth.send-link', { email: 'ada@example.com', purpose: 'sign_in' });
  });

  it('gives each handler the parsed payload of its queue, defaults applied', () => {
    const handlerPayload = <Queue extends QueueName>(queue: Queue) => jobs.find((job): job is Extract<(typeof jobs)[number], { queue: Queue }> => job.queue === queue)!;
    expectTypeOf<Parameters<ReturnType<typeof handlerPayload<'system.ping'>>['handler']>[0]>().toEqualTypeOf<{ pingId: string; requestedAt: number }>();
    expectTypeOf<Parameters<ReturnType<typeof handlerPayload<'auth.send-link'>>['handler']>[0]>().toEqualTypeOf<JobPayloads['auth.send-link']>();
    expectTypeOf<JobPayloads['auth.send-link']['workspaceIds']>().toEqualTypeOf<string[]>();
    expect(handlerPayload('system.ping').queue).toBe('system.ping');
  });

  it('binds exactly one handler to every queue of the contract, with the contract’s payload schema', () => {
    // A queue added to the contract without a handler (or a handler for a queue outside it) fails here.
    expectTypeOf<(typeof jobs)[number]['queue']>().toEqualTypeOf<QueueName>();
    const queues = jobs.map((job) => job.queue);
    expect(new Set(queues).size).toBe(queues.length);
    expect([...queues].sort()).toEqual([...QUEUE_NAMES].sort());
    for (const job of jobs) expect(job.payload).toBe(JOB_PAYLOADS[job.queue]);
  });

  it('gives each queue a retry policy and a bounded run time', () => {
    for (const job of jobs) {
      expect(job.retry.limit).toBeGreaterThanOrEqual(0);
      expect(job.expireInSeconds).toBeGreaterThan(0);
    }
  });

  it('rejects a payload the contract does not allow, as the worker will when it runs', () => {
    expect(JOB_PAYLOADS['discovery.places'].safeParse({ workspaceId: 'not-a-uuid', runId: 'x', taskId: 'y' }).success).toBe(false);
    expect(JOB_PAYLOADS['auth.send-link'].parse({ email: 'ada@example.com', purpose: 'sign_in' })).toEqual({ email: 'ada@example.com', purpose: 'sign_in', workspaceIds: [], nextPath: null });
  });
});
