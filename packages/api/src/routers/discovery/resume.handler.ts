import { Conflict, transitionDiscoveryRun } from '@switchboard/core';
import { enqueueDiscoveryTasks, resumableTasks, setDiscoveryRunStatus } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireRun } from './require-run.ts';
import type { TRunInputSchema } from './run.schema.ts';

/**
 * Sets the run going again and queues a job for every task not yet finished; a task waiting for a
 * quota window starts when the window opens.
 */
export async function resumeDiscoveryHandler({ ctx, input }: { ctx: AuthedContext; input: TRunInputSchema }) {
  const { run, tasks } = await ctx.db.begin(async (tx) => {
    const current = await requireRun(tx, ctx.workspace.id, input.runId);
    transitionDiscoveryRun(current.status, 'resume');
    const resumed = await setDiscoveryRunStatus(tx, ctx.workspace.id, input.runId, 'resume');
    if (!resumed) throw new Conflict('Someone changed this discovery run a moment ago; reload the page and try again.');
    const resumable = await resumableTasks(tx, ctx.workspace.id, input.runId);
    await recordAction(tx, ctx, {
      action: 'discovery.resume',
      targetType: 'discovery_run',
      targetId: input.runId,
      summary: { campaignId: current.campaignId, tasks: resumable.length },
    });
    return { run: resumed, tasks: resumable };
  });
  await enqueueDiscoveryTasks(ctx.enqueue, { workspaceId: ctx.workspace.id, runId: run.id }, tasks);
  // A run with nothing left to do completes instead of resuming.
  await ctx.publish(ctx.workspace.id, 'discovery.progress', { runId: run.id, campaignId: run.campaignId, status: run.status });
  return { runId: run.id, status: run.status, tasks: tasks.length };
}
