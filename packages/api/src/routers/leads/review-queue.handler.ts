import { estimateLeadCount, listLeadEvidence, listReviewLeads } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TReviewQueueInputSchema } from './review-queue.schema.ts';
import { countBeside } from './page-count.ts';
import { checkFilterScope, leadFilter } from './scope.ts';

/** Leads waiting for a human, highest score first, each with the first of its evidence to decide on. */
export async function reviewQueueHandler({ ctx, input }: { ctx: AuthedContext; input: TReviewQueueInputSchema }) {
  const { limit, cursor, ...filterInput } = input;
  await checkFilterScope(ctx, filterInput);
  const filter = { ...leadFilter(filterInput), status: ['pending_review' as const] };
  const page = await listReviewLeads(ctx.db, ctx.workspace.id, filter, { sort: 'score_desc', limit, ...(cursor ? { cursor } : {}) });
  const [evidence, total] = await Promise.all([
    listLeadEvidence(ctx.db, ctx.workspace.id, page.leads.map((lead) => lead.id)),
    countBeside(page, cursor, () => estimateLeadCount(ctx.db, ctx.workspace.id, filter)),
  ]);
  return {
    leads: page.leads.map((lead) => {
      const found = evidence.get(lead.id);
      return { ...lead, contacts: found?.contacts ?? [], sources: found?.sources ?? [], moreEvidence: found?.more ?? false };
    }),
    nextCursor: page.nextCursor,
    total,
  };
}
