import { listDiscoveryRuns } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TListRunsInputSchema } from './runs.schema.ts';

/** The campaign's runs, newest first. */
export async function listRunsHandler({ ctx, input }: { ctx: AuthedContext; input: TListRunsInputSchema }) {
  await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId);
  const runs = await listDiscoveryRuns(ctx.db, ctx.workspace.id, input.campaignId);
  return runs.map((run) => ({
    ...run,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
  }));
}
