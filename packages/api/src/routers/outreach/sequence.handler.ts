import { TEMPLATE_VARIABLES } from '@switchboard/core';
import { lintSequence } from '@switchboard/core/templates';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TOutreachCampaignInputSchema } from './campaign.schema.ts';
import { currentSequence } from './campaign-sequence.ts';
import type { TLintSequenceInputSchema } from './save-sequence.schema.ts';

/** The campaign's sequence (the default until one is saved), its version and each email step's lint problems. */
export async function sequenceHandler({ ctx, input }: { ctx: AuthedContext; input: TOutreachCampaignInputSchema }) {
  await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId);
  const current = await currentSequence(ctx.db, ctx.workspace.id, input.campaignId);
  return { ...current, lint: lintSequence(current.sequence), variables: [...TEMPLATE_VARIABLES] };
}

export function lintSequenceHandler({ input }: { input: TLintSequenceInputSchema }) {
  return lintSequence(input.sequence);
}
