import type { AuthedContext } from '../../procedures/index.ts';
import { discoveryPlanSummary, planDiscoveryTasks } from '@switchboard/core';
import type { TGetCampaignInputSchema } from './get.schema.ts';
import { requireCampaign } from './require-campaign.ts';
import { campaignView } from './serialize.ts';

/** The campaign with the size of the discovery it would start, so the page can say what it will run. */
export async function getCampaignHandler({ ctx, input }: { ctx: AuthedContext; input: TGetCampaignInputSchema }) {
  const campaign = await requireCampaign(ctx.db, ctx.workspace.id, input.id);
  return { ...campaignView(campaign), discoveryPlan: discoveryPlanSummary(planDiscoveryTasks(campaign.target)) };
}
