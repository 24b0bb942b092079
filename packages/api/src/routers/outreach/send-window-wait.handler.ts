import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TOutreachCampaignInputSchema } from './campaign.schema.ts';
import { campaignSendWindowWait } from './send-window-wait.ts';

/** Why a campaign sends nothing at night: its emails waiting for their recipients' send window (null when none waits). */
export async function sendWindowWaitHandler({ ctx, input }: { ctx: AuthedContext; input: TOutreachCampaignInputSchema }) {
  await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId);
  return campaignSendWindowWait(ctx.db, ctx.workspace.id, input.campaignId);
}
