import { countLeads } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TBulkPreviewInputSchema } from './bulk.schema.ts';
import { bulkLeadFilter } from './bulk-target.ts';

/** How many leads a bulk action would change, so the confirmation can say "Approve 12 leads?". */
export async function bulkPreviewHandler({ ctx, input }: { ctx: AuthedContext; input: TBulkPreviewInputSchema }) {
  const filter = await bulkLeadFilter(ctx, input);
  if (filter.status?.length === 0) return { event: input.event, count: 0 };
  return { event: input.event, count: await countLeads(ctx.db, ctx.workspace.id, filter) };
}
