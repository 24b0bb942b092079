import { Invalid, parseSuppressionValue } from '@switchboard/core';
import { addSuppression } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { stopSequencesOfSuppressed } from '../../suppressions/stop-sequences.ts';
import type { TAddSuppressionInputSchema } from './add.schema.ts';

/**
 * Suppresses an address or domain by hand, stopping at once the sequences written to it; adding one
 * already listed changes nothing and records nothing.
 */
export async function addSuppressionHandler({ ctx, input }: { ctx: AuthedContext; input: TAddSuppressionInputSchema }) {
  const parsed = parseSuppressionValue(input.value);
  if (!parsed.ok) throw new Invalid(parsed.message);
  const { added, campaignIds } = await ctx.db.begin(async (tx) => {
    const added = await addSuppression(tx, {
      workspaceId: ctx.workspace.id,
      ...parsed.entry,
      source: 'manual',
      reason: input.reason || null,
      createdBy: ctx.user.id,
    });
    if (added.created) {
      await recordAction(tx, ctx, {
        action: 'suppression.add',
        targetType: 'suppression',
        targetId: added.suppression.id,
        summary: { kind: parsed.entry.kind, value: parsed.entry.value, ...(input.reason ? { reason: input.reason } : {}) },
      });
    }
    return { added, campaignIds: await stopSequencesOfSuppressed(tx, ctx.workspace.id, [parsed.entry]) };
  });
  for (const campaignId of campaignIds) await ctx.publish(ctx.workspace.id, 'outreach.changed', { campaignId });
  return added;
}
