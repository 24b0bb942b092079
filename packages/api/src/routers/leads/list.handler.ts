import { countLeads, listLeads } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TListLeadsInputSchema } from './list.schema.ts';
import { checkFilterScope, leadFilter } from './scope.ts';

/** One page of leads for the table, with how many match in all. */
export async function listLeadsHandler({ ctx, input }: { ctx: AuthedContext; input: TListLeadsInputSchema }) {
  const { sort, limit, cursor, ...filterInput } = input;
  await checkFilterScope(ctx, filterInput);
  const filter = leadFilter(filterInput);
  const [page, total] = await Promise.all([
    listLeads(ctx.db, ctx.workspace.id, filter, { sort, limit, ...(cursor ? { cursor } : {}) }),
    countLeads(ctx.db, ctx.workspace.id, filter),
  ]);
  return { ...page, total };
}
