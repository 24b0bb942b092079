import { leadStatusesAllowing, type LeadStatus } from '@switchboard/core';
import type { LeadFilter } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TBulkPreviewInputSchema } from './bulk.schema.ts';
import { checkFilterScope, leadFilter } from './scope.ts';

/**
 * The leads a bulk action would change, as a filter: the ones named (or matching) that are in a
 * status the event applies to. A filter that asks for other statuses matches nothing.
 */
export async function bulkLeadFilter(ctx: AuthedContext, input: TBulkPreviewInputSchema): Promise<LeadFilter> {
  const allowing = leadStatusesAllowing(input.event);
  if ('ids' in input.target) return { ids: input.target.ids, status: allowing };
  await checkFilterScope(ctx, input.target.filter);
  const filter = leadFilter(input.target.filter);
  const status: LeadStatus[] = filter.status ? filter.status.filter((wanted) => allowing.includes(wanted)) : allowing;
  return { ...filter, status };
}
