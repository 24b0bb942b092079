import type { AuthedContext } from '../../procedures/index.ts';
import { callBudgetPauseReason, discoveryPlanSummary, planDiscoveryTasks } from '@switchboard/core';
import { campaignCallSpend } from '@switchboard/db';
import type { TGetCampaignInputSchema } from './get.schema.ts';
import { requireCampaign } from './require-campaign.ts';
import { campaignView } from './serialize.ts';

/**
 * The campaign with the size of the discovery it would start, so the page can say what it will run,
 * and why it is paused when the worker paused it at its call budget.
 */
export async function getCampaignHandler({ ctx, input }: { ctx: AuthedContext; input: TGetCampaignInputSchema }) {
  const campaign = await requireCampaign(ctx.db, ctx.workspace.id, input.id);
  const spend = campaign.status === 'paused' ? await campaignCallSpend(ctx.db, ctx.workspace.id, campaign.id) : null;
  return {
    ...campaignView(campaign),
    discoveryPlan: discoveryPlanSummary(planDiscoveryTasks(campaign.target)),
    callBudgetPause: spend ? callBudgetPauseReason(campaign.status, spend.budgetUsd, spend.spentUsd) : null,
  };
}
