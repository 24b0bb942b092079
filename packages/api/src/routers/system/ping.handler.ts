import { randomUUID } from 'node:crypto';
import { RateLimited } from '@switchboard/core';
import { JobAlreadyQueued } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';

// How long a refused ping suggests waiting: a running worker takes the waiting one within a second.
const PING_RETRY_AFTER_S = 2;

/**
 * Enqueues a ping; the worker answers with a `system.pong` event carrying the same id. At most one
 * ping per person waits in the queue, however many calls race or share a batch: each is a job row
 * and a worker's turn, so a loop cannot fill the queue.
 */
export async function pingHandler({ ctx }: { ctx: AuthedContext }): Promise<{ pingId: string; jobId: string; requestedAt: number }> {
  const pingId = randomUUID();
  const requestedAt = Date.now();
  try {
    const jobId = await ctx.enqueue('system.ping', { pingId, requestedAt }, { singletonKey: `${ctx.workspace.id}:${ctx.user.id}`, onePerKey: true });
    return { pingId, jobId, requestedAt };
  } catch (error) {
    if (error instanceof JobAlreadyQueued) {
      throw new RateLimited('Your last ping is still waiting for a worker; wait for its answer before pinging again.', PING_RETRY_AFTER_S);
    }
    throw error;
  }
}
