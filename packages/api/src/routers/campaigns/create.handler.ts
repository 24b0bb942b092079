import { ALL_CAMPAIGNS_CAP, assertRoomFor, OPEN_CAMPAIGNS_CAP } from '@switchboard/core';
import { createCampaign, lockAndCountCampaigns } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { announceCampaignChange } from './announce-change.ts';
import type { TCreateCampaignInputSchema } from './create.schema.ts';
import { campaignView } from './serialize.ts';

export async function createCampaignHandler({ ctx, input }: { ctx: AuthedContext; input: TCreateCampaignInputSchema }) {
  const campaign = await ctx.db.begin(async (tx) => {
    const existing = await lockAndCountCampaigns(tx, ctx.workspace.id);
    assertRoomFor(OPEN_CAMPAIGNS_CAP, existing.open);
    assertRoomFor(ALL_CAMPAIGNS_CAP, existing.all);
    const created = await createCampaign(tx, { workspaceId: ctx.workspace.id, ...input, createdBy: ctx.user.id });
    await recordAction(tx, ctx, {
      action: 'campaign.create',
      targetType: 'campaign',
      targetId: created.id,
      summary: { name: created.name, queries: input.target.queries, locations: input.target.locations },
    });
    return created;
  });
  // The Campaigns list open in other browsers shows it.
  await announceCampaignChange(ctx, campaign.id);
  return campaignView(campaign);
}
