import { assertDiscoveryStartAllowed, Conflict, DISCOVERY_STARTS_PER_CAMPAIGN, Invalid } from '@switchboard/core';
import { createDiscoveryRun, enqueueDiscoveryTasks, listDiscoveryRuns, lockAndListRecentDiscoveryStarts, setDiscoveryRunStatus } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import { discoveryPlanSummary, planDiscoveryTasks } from '@switchboard/core';
import type { TStartDiscoveryInputSchema } from './start.schema.ts';

// Discovery adds work to a campaign: only a draft or active one takes it (a paused one starts
// nothing new until it is activated again).
const DISCOVERABLE_CAMPAIGN_STATUSES = new Set(['draft', 'active']);

/**
 * Plans the campaign's tasks, records the run and queues one job per task. A paused earlier run is
 * cancelled (its tasks would otherwise wait forever); a running one makes this a conflict. Each start
 * plans the whole discovery again, so a campaign has a capped number of starts a day.
 */
export async function startDiscoveryHandler({ ctx, input }: { ctx: AuthedContext; input: TStartDiscoveryInputSchema }) {
  const { run, taskIds, tasks, cancelled } = await ctx.db.begin(async (tx) => {
    const campaign = await requireCampaign(tx, ctx.workspace.id, input.campaignId);
    if (campaign.status === 'paused') throw new Invalid('This campaign is paused: activate it again to discover leads for it.');
    if (!DISCOVERABLE_CAMPAIGN_STATUSES.has(campaign.status)) {
      throw new Invalid(`This campaign is ${campaign.status}: discovery runs only for draft and active campaigns.`);
    }
    const runs = await listDiscoveryRuns(tx, ctx.workspace.id, campaign.id);
    if (runs.some((existing) => existing.status === 'running')) {
      throw new Conflict('A discovery run is already running for this campaign: pause it or wait for it to finish.');
    }
    const { max, windowMs } = DISCOVERY_STARTS_PER_CAMPAIGN;
    const recentStarts = await lockAndListRecentDiscoveryStarts(tx, { workspaceId: ctx.workspace.id, campaignId: campaign.id, windowMs, limit: max });
    assertDiscoveryStartAllowed(recentStarts, new Date());
    const cancelledRuns: string[] = [];
    for (const paused of runs.filter((existing) => existing.status === 'paused')) {
      if (await setDiscoveryRunStatus(tx, ctx.workspace.id, paused.id, 'cancel')) cancelledRuns.push(paused.id);
    }
    const planned = planDiscoveryTasks(campaign.target);
    const created = await createDiscoveryRun(tx, {
      workspaceId: ctx.workspace.id,
      campaignId: campaign.id,
      startedBy: ctx.user.id,
      tasks: planned.map(({ kind, input: taskInput, dedupeKey }) => ({ kind, input: taskInput, dedupeKey })),
    });
    await recordAction(tx, ctx, {
      action: 'discovery.start',
      targetType: 'discovery_run',
      targetId: created.run.id,
      summary: { campaign: campaign.name, ...discoveryPlanSummary(planned), ...(cancelledRuns.length > 0 ? { cancelledRuns } : {}) },
    });
    return { ...created, tasks: planned, cancelled: cancelledRuns };
  });
  // After the commit, so no job can run before its task row is visible.
  await enqueueDiscoveryTasks(
    ctx.enqueue,
    { workspaceId: ctx.workspace.id, runId: run.id },
    taskIds.map((id, index) => ({ id, kind: tasks[index]!.kind })),
  );
  for (const runId of cancelled) await ctx.publish(ctx.workspace.id, 'discovery.progress', { runId, campaignId: input.campaignId, status: 'cancelled' });
  await ctx.publish(ctx.workspace.id, 'discovery.progress', { runId: run.id, campaignId: input.campaignId, status: 'running' });
  return { runId: run.id, tasks: taskIds.length };
}
