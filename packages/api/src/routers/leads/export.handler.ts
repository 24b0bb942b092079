import { listLeads } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TExportLeadsInputSchema } from './export.schema.ts';
import { checkFilterScope, leadFilter } from './scope.ts';

/** One batch of full lead rows for the CSV export; the export streams batches, so it never counts. */
export async function exportLeadsHandler({ ctx, input }: { ctx: AuthedContext; input: TExportLeadsInputSchema }) {
  const { sort, limit, cursor, ...filterInput } = input;
  await checkFilterScope(ctx, filterInput);
  return listLeads(ctx.db, ctx.workspace.id, leadFilter(filterInput), { sort, limit, ...(cursor ? { cursor } : {}) });
}
