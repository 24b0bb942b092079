import type { DiscoveryTaskKind } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';

const QUEUE_OF_KIND = { search: 'discovery.search', places: 'discovery.places', scrape: 'discovery.scrape' } as const satisfies Record<DiscoveryTaskKind, string>;

/**
 * One job per task; the task row holds the work. A task that waits for a quota window is queued to
 * start when the window opens rather than to fail again.
 */
export async function enqueueDiscoveryTasks(
  ctx: AuthedContext,
  runId: string,
  tasks: readonly { id: string; kind: DiscoveryTaskKind; notBefore?: Date | null }[],
): Promise<void> {
  const now = Date.now();
  for (const task of tasks) {
    const startAfter = task.notBefore && task.notBefore.getTime() > now ? { startAfter: task.notBefore } : {};
    await ctx.enqueue(QUEUE_OF_KIND[task.kind], { workspaceId: ctx.workspace.id, runId, taskId: task.id }, startAfter);
  }
}
