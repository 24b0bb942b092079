import { estimateLeadCount, listLeadEvidence, listReviewLeads } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TReviewQueueInputSchema } from './review-queue.schema.ts';
import { checkFilterScope, leadFilter } from './scope.ts';

/** Leads waiting for a human, highest score first, each with the first of its evidence to decide on. */
export async function reviewQueueHandler({ ctx, input }: { ctx: AuthedContext; input: TReviewQueueInputSchema }) {
  const { limit, cursor, ...filterInput } = input;
  await checkFilterScope(ctx, filterInput);
  const filter = { ...leadFilter(filterInput), status: ['pending_review' as const] };
  const [page, total] = await Promise.all([
    listReviewLeads(ctx.db, ctx.workspace.id, filter, { sort: 'score_desc', limit, ...(cursor ? { cursor } : {}) }),
    estimateLeadCount(ctx.db, ctx.workspace.id, filter),
  ]);
  const evidence = await listLeadEvidence(ctx.db, ctx.workspace.id, page.leads.map((lead) => lead.id));
  return {
    leads: page.leads.map((lead) => {
      const found = evidence.get(lead.id);
      return { ...lead, contacts: found?.contacts ?? [], sources: found?.sources ?? [], moreEvidence: found?.more ?? false };
    }),
    nextCursor: page.nextCursor,
    total,
  };
}
