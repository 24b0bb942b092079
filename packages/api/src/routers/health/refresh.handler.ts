import { JobAlreadyQueued } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';

/**
 * Asks the worker to score the workspace's leads again now rather than at the next hourly sweep. At
 * most one such job per workspace waits in the queue: while one does, asking again changes nothing
 * and says so (`queued: false`), however many requests arrive at once.
 */
export async function refreshHealthHandler({ ctx }: { ctx: AuthedContext }) {
  const workspaceId = ctx.workspace.id;
  try {
    await ctx.enqueue('health.refresh-workspace', { workspaceId }, { singletonKey: workspaceId, onePerKey: true });
    return { queued: true };
  } catch (error) {
    if (error instanceof JobAlreadyQueued) return { queued: false };
    throw error;
  }
}
