import { estimateSuppressionCount, listSuppressions } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TListSuppressionsInputSchema } from './list.schema.ts';

async function page(ctx: AuthedContext, input: TListSuppressionsInputSchema) {
  const entries = await listSuppressions(ctx.db, {
    workspaceId: ctx.workspace.id,
    sort: input.sort,
    limit: input.limit,
    ...(input.search ? { search: input.search } : {}),
    ...(input.source ? { source: input.source } : {}),
    ...(input.cursor ? { after: input.cursor } : {}),
  });
  return { entries, nextCursor: entries.length === input.limit ? (entries.at(-1)?.id ?? null) : null };
}

/** A page of the list for the table, with the list's size (exact up to a thousand, else an estimate said as one). */
export async function listSuppressionsHandler({ ctx, input }: { ctx: AuthedContext; input: TListSuppressionsInputSchema }) {
  const [result, total] = await Promise.all([page(ctx, input), estimateSuppressionCount(ctx.db, ctx.workspace.id)]);
  return { ...result, total };
}

/** A page for the CSV export: no count, which a stream of pages never needs. */
export function exportSuppressionsHandler({ ctx, input }: { ctx: AuthedContext; input: TListSuppressionsInputSchema }) {
  return page(ctx, input);
}
