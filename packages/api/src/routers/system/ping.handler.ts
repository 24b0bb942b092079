import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.ts';

/** Enqueues a ping; the worker answers with a `system.pong` event carrying the same id. */
export async function pingHandler({ ctx }: { ctx: Context }): Promise<{ pingId: string; jobId: string; requestedAt: number }> {
  const pingId = randomUUID();
  const requestedAt = Date.now();
  const jobId = await ctx.enqueue('system.ping', { pingId, requestedAt });
  return { pingId, jobId, requestedAt };
}
