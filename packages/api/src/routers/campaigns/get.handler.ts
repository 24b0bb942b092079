import type { AuthedContext } from '../../procedures/index.ts';
import { callBudgetNotice, discoveryPlanSummary, planDiscoveryTasks } from '@switchboard/core';
import { campaignCallSpend } from '@switchboard/db';
import type { TGetCampaignInputSchema } from './get.schema.ts';
import { requireCampaign } from './require-campaign.ts';
import { campaignView } from './serialize.ts';

/**
 * The campaign with the size of the discovery it would start, so the page can say what it will run,
 * why it is paused when the worker paused it at its call budget, and that a $0 call budget holds its calls.
 */
export async function getCampaignHandler({ ctx, input }: { ctx: AuthedContext; input: TGetCampaignInputSchema }) {
  const campaign = await requireCampaign(ctx.db, ctx.workspace.id, input.id);
  const spend = await campaignCallSpend(ctx.db, ctx.workspace.id, campaign.id);
  return {
    ...campaignView(campaign),
    discoveryPlan: discoveryPlanSummary(planDiscoveryTasks(campaign.target)),
    callBudgetNotice: spend ? callBudgetNotice(campaign.status, spend.budgetUsd, spend.spentUsd) : null,
  };
}
