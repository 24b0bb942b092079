import { Conflict, Invalid, NotFound } from '@switchboard/core';
import { describeStepLint, lintSequence } from '@switchboard/core/templates';
import { getCampaignSequence, setCampaignSequence } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { announceCampaignChange } from '../campaigns/announce-change.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TSaveSequenceInputSchema } from './save-sequence.schema.ts';

/** Saves the campaign's sequence once every email step lints clean; the version moves on (unless it moved on since `baseVersion`). */
export async function saveSequenceHandler({ ctx, input }: { ctx: AuthedContext; input: TSaveSequenceInputSchema }) {
  const saved = await ctx.db.begin(async (tx) => {
    const campaign = await requireCampaign(tx, ctx.workspace.id, input.campaignId);
    const problems = lintSequence(input.sequence).flatMap(describeStepLint);
    if (problems.length > 0) throw new Invalid(`Fix the templates before saving. ${problems.join(' ')}`);
    const stored = await setCampaignSequence(tx, { workspaceId: ctx.workspace.id, campaignId: input.campaignId, sequence: input.sequence, by: ctx.user.id, expectedVersion: input.baseVersion });
    if (!stored) {
      // The campaign was there a moment ago (requireCampaign): what moved on is its sequence.
      const now = await getCampaignSequence(tx, ctx.workspace.id, input.campaignId);
      if (!now) throw new NotFound('That campaign does not exist in this workspace.');
      throw new Conflict(`Someone else saved this sequence since you opened it: you edited version ${input.baseVersion ?? now.version}, it is now version ${now.version}. Your steps were not saved.`);
    }
    await recordAction(tx, ctx, {
      action: 'campaign.save_sequence',
      targetType: 'campaign',
      targetId: input.campaignId,
      summary: { name: campaign.name, version: stored.version, steps: input.sequence.steps.map((step) => `${step.type}:${step.id}`) },
    });
    return stored;
  });
  await ctx.publish(ctx.workspace.id, 'outreach.changed', { campaignId: input.campaignId });
  // Its outreach page in other browsers shows the new version (and what starting would send).
  await announceCampaignChange(ctx, input.campaignId);
  return saved;
}
