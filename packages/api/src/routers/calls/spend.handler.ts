import { callBudgetState } from '@switchboard/core';
import { campaignCallCostByDay, campaignCallSpend } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TCallSpendInputSchema } from './calls.schema.ts';

/** What a campaign's calls cost per UTC day (the last `days`), in all, and against its budget. */
export async function spendHandler({ ctx, input }: { ctx: AuthedContext; input: TCallSpendInputSchema }) {
  await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId);
  const [days, spend] = await Promise.all([
    campaignCallCostByDay(ctx.db, { workspaceId: ctx.workspace.id, campaignId: input.campaignId, days: input.days, now: new Date() }),
    campaignCallSpend(ctx.db, ctx.workspace.id, input.campaignId),
  ]);
  const spentUsd = spend?.spentUsd ?? 0;
  const budgetUsd = spend?.budgetUsd ?? null;
  return { days, spentUsd, budgetUsd, ...callBudgetState(budgetUsd, spentUsd) };
}
