import { NotFound } from '@switchboard/core';
import { removeSuppression } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AdminContext } from '../../procedures/index.ts';
import type { TRemoveSuppressionInputSchema } from './remove.schema.ts';

/** Takes an entry off the list, so the address (or domain) may be emailed again. */
export async function removeSuppressionHandler({ ctx, input }: { ctx: AdminContext; input: TRemoveSuppressionInputSchema }) {
  const removed = await ctx.db.begin(async (tx) => {
    const removed = await removeSuppression(tx, ctx.workspace.id, input.id);
    if (!removed) throw new NotFound('That entry is not on this workspace’s suppression list.');
    await recordAction(tx, ctx, {
      action: 'suppression.remove',
      targetType: 'suppression',
      targetId: removed.id,
      summary: { kind: removed.kind, value: removed.value, source: removed.source },
    });
    return removed;
  });
  return { removed: true as const, value: removed.value };
}
