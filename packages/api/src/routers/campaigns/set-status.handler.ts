import { callBudgetResumeRefusal, campaignStatusesAllowing, Conflict, transitionCampaign } from '@switchboard/core';
import { campaignCallSpend, setCampaignStatus } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { announceCampaignChange } from './announce-change.ts';
import { requireCampaign } from './require-campaign.ts';
import type { TSetCampaignStatusInputSchema } from './set-status.schema.ts';
import { campaignView } from './serialize.ts';

/** Activate, pause, complete or archive; the SQL update checks the current status, so two clicks cannot both win. */
export async function setCampaignStatusHandler({ ctx, input }: { ctx: AuthedContext; input: TSetCampaignStatusInputSchema }) {
  const campaign = await ctx.db.begin(async (tx) => {
    const current = await requireCampaign(tx, ctx.workspace.id, input.id);
    // Throws Invalid with the state machine's words when the event does not apply.
    const to = transitionCampaign(current.status, input.event);
    // The worker paused it at its call budget (or would at the next call's cost): resuming waits for a higher budget.
    if (to === 'active') {
      const spend = await campaignCallSpend(tx, ctx.workspace.id, input.id);
      const refusal = spend ? callBudgetResumeRefusal(spend.budgetUsd, spend.spentUsd) : null;
      if (refusal) throw new Conflict(refusal);
    }
    const updated = await setCampaignStatus(tx, ctx.workspace.id, input.id, { from: campaignStatusesAllowing(input.event), to, by: ctx.user.id });
    if (!updated) throw new Conflict('Someone changed this campaign a moment ago; reload the page and try again.');
    await recordAction(tx, ctx, {
      action: `campaign.${input.event}`,
      targetType: 'campaign',
      targetId: input.id,
      summary: { name: current.name, from: current.status, to },
    });
    return updated;
  });
  await announceCampaignChange(ctx, campaign.id);
  // Its queued calls are placed now rather than at the scheduler's next regular tick.
  if (campaign.status === 'active') await ctx.enqueue('calls.tick', {}, { wakeUp: true });
  return campaignView(campaign);
}
