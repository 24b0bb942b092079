import type { AuthedContext } from '../../procedures/index.ts';

/**
 * Tells the workspace's open pages that this campaign changed, so the pages showing it (its page, the
 * Campaigns list, its outreach page and call board) refetch. Call it after the transaction commits,
 * so what they refetch is the change, and only when something was changed.
 */
export function announceCampaignChange(ctx: AuthedContext, campaignId: string): Promise<void> {
  return ctx.publish(ctx.workspace.id, 'campaigns.changed', { campaignId });
}
