import { Conflict, transitionDiscoveryRun } from '@switchboard/core';
import { setDiscoveryRunStatus } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireRun } from './require-run.ts';
import type { TRunInputSchema } from './run.schema.ts';

/** Queued jobs of a paused run find it paused and leave their tasks pending for resume. */
export async function pauseDiscoveryHandler({ ctx, input }: { ctx: AuthedContext; input: TRunInputSchema }) {
  const run = await ctx.db.begin(async (tx) => {
    const current = await requireRun(tx, ctx.workspace.id, input.runId);
    // Throws Invalid with the state machine's words when the run cannot be paused.
    transitionDiscoveryRun(current.status, 'pause');
    const paused = await setDiscoveryRunStatus(tx, ctx.workspace.id, input.runId, 'pause');
    if (!paused) throw new Conflict('Someone changed this discovery run a moment ago; reload the page and try again.');
    await recordAction(tx, ctx, { action: 'discovery.pause', targetType: 'discovery_run', targetId: input.runId, summary: { campaignId: current.campaignId } });
    return paused;
  });
  await ctx.publish(ctx.workspace.id, 'discovery.progress', { runId: run.id, campaignId: run.campaignId, status: 'paused' });
  return { runId: run.id, status: 'paused' as const };
}
