import type { AuthedContext } from '../../procedures/index.ts';
import type { TBulkTransitionInputSchema } from './bulk.schema.ts';
import { bulkLeadFilter } from './bulk-target.ts';
import { transitionLeadsAudited } from './transition-leads.ts';

/**
 * Approves or rejects the ticked leads, or every pending lead a filter matches, in one transaction
 * with one summary audit entry. Leads someone else decided meanwhile are skipped, not overwritten.
 */
export async function bulkTransitionHandler({ ctx, input }: { ctx: AuthedContext; input: TBulkTransitionInputSchema }) {
  const filter = await bulkLeadFilter(ctx, input);
  if (filter.status?.length === 0) return { event: input.event, changed: 0, skipped: 'ids' in input.target ? input.target.ids.length : 0 };
  const result = await ctx.db.begin((tx) =>
    transitionLeadsAudited(tx, ctx, {
      event: input.event,
      target: 'ids' in input.target ? { ids: input.target.ids } : { filter },
      ...(input.reason ? { rejectReason: input.reason } : {}),
    }),
  );
  if (result.changed.length > 0) {
    await ctx.publish(ctx.workspace.id, 'leads.changed', { campaignId: filter.campaignId ?? null, count: result.changed.length });
  }
  return { event: input.event, changed: result.changed.length, skipped: result.skipped.length };
}
