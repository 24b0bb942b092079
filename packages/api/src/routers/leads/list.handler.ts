import { estimateLeadCount, listLeadTableRows } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TListLeadsInputSchema } from './list.schema.ts';
import { countBeside } from './page-count.ts';
import { checkFilterScope, leadFilter } from './scope.ts';

/** One page of the leads table, with how many match: exact when few, else an estimate the page labels. */
export async function listLeadsHandler({ ctx, input }: { ctx: AuthedContext; input: TListLeadsInputSchema }) {
  const { sort, limit, cursor, ...filterInput } = input;
  await checkFilterScope(ctx, filterInput);
  const filter = leadFilter(filterInput);
  const page = await listLeadTableRows(ctx.db, ctx.workspace.id, filter, { sort, limit, ...(cursor ? { cursor } : {}) });
  return { ...page, total: await countBeside(page, cursor, () => estimateLeadCount(ctx.db, ctx.workspace.id, filter)) };
}
