import { campaignChanges, NotFound, type CampaignSettingName } from '@switchboard/core';
import { findMember, rescoreCampaignLeads, updateCampaign } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { announceCampaignChange } from './announce-change.ts';
import { requireCampaign } from './require-campaign.ts';
import type { TUpdateCampaignInputSchema } from './update.schema.ts';
import { campaignView } from './serialize.ts';

/**
 * Changes what really differs (a form sends every field); when the weights or target categories
 * move, the campaign's leads are rescored in the same transaction, so no page shows stale scores.
 */
export async function updateCampaignHandler({ ctx, input }: { ctx: AuthedContext; input: TUpdateCampaignInputSchema }) {
  const { id, ...update } = input;
  const { campaign, changed, rescored } = await ctx.db.begin(async (tx) => {
    const current = await requireCampaign(tx, ctx.workspace.id, id);
    const changes = campaignChanges(current, update);
    if (changes.changed.length === 0) return { campaign: current, changed: false, rescored: 0 };
    if (changes.changed.includes('ownerUserId') && update.ownerUserId && !(await findMember(tx, ctx.workspace.id, update.ownerUserId))) {
      throw new NotFound('The new owner is not a member of this workspace.');
    }
    const only = <K extends CampaignSettingName>(field: K) => (changes.changed.includes(field) ? update[field] : undefined);
    const patch = {
      name: only('name'),
      description: only('description'),
      timeZone: only('timeZone'),
      target: only('target'),
      scoreWeights: only('scoreWeights'),
      ownerUserId: only('ownerUserId'),
    };
    const updated = await updateCampaign(tx, ctx.workspace.id, id, patch, ctx.user.id);
    if (!updated) throw new NotFound('That campaign does not exist in this workspace.');
    const rescoredLeads = changes.rescore ? await rescoreCampaignLeads(tx, ctx.workspace.id, id) : 0;
    await recordAction(tx, ctx, {
      action: 'campaign.update',
      targetType: 'campaign',
      targetId: id,
      summary: {
        name: updated.name,
        changed: changes.changed,
        ...(changes.changed.includes('scoreWeights') ? { weights: changes.weights } : {}),
        ...(changes.categories ? { categories: changes.categories } : {}),
        ...(changes.rescore ? { rescoredLeads } : {}),
      },
    });
    return { campaign: updated, changed: true, rescored: rescoredLeads };
  });
  if (changed) await announceCampaignChange(ctx, id);
  if (rescored > 0) await ctx.publish(ctx.workspace.id, 'leads.changed', { campaignId: id, count: rescored });
  return campaignView(campaign);
}
