import { NotFound } from '@switchboard/core';
import { findMember, updateCampaign } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TUpdateCampaignInputSchema } from './update.schema.ts';
import { campaignView } from './serialize.ts';

export async function updateCampaignHandler({ ctx, input }: { ctx: AuthedContext; input: TUpdateCampaignInputSchema }) {
  const { id, ...patch } = input;
  const changed = Object.entries(patch).flatMap(([key, value]) => (value === undefined ? [] : [key]));
  const campaign = await ctx.db.begin(async (tx) => {
    if (patch.ownerUserId && !(await findMember(tx, ctx.workspace.id, patch.ownerUserId))) {
      throw new NotFound('The new owner is not a member of this workspace.');
    }
    const updated = await updateCampaign(tx, ctx.workspace.id, id, patch, ctx.user.id);
    if (!updated) throw new NotFound('That campaign does not exist in this workspace.');
    await recordAction(tx, ctx, { action: 'campaign.update', targetType: 'campaign', targetId: id, summary: { name: updated.name, changed } });
    return updated;
  });
  return campaignView(campaign);
}
