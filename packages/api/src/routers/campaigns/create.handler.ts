import { createCampaign } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { announceCampaignChange } from './announce-change.ts';
import type { TCreateCampaignInputSchema } from './create.schema.ts';
import { campaignView } from './serialize.ts';

export async function createCampaignHandler({ ctx, input }: { ctx: AuthedContext; input: TCreateCampaignInputSchema }) {
  const campaign = await ctx.db.begin(async (tx) => {
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
