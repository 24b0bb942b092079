import type { AuthedContext } from '../../procedures/index.ts';
import type { TRejectLeadInputSchema } from './reject.schema.ts';
import { transitionOneLead } from './transition-one.ts';

export function rejectLeadHandler({ ctx, input }: { ctx: AuthedContext; input: TRejectLeadInputSchema }) {
  return transitionOneLead(ctx, input.id, { event: 'reject', reason: input.reason });
}
