import type { AuthedContext } from '../../procedures/index.ts';
import type { TApproveLeadInputSchema } from './approve.schema.ts';
import { transitionOneLead } from './transition-one.ts';

export function approveLeadHandler({ ctx, input }: { ctx: AuthedContext; input: TApproveLeadInputSchema }) {
  return transitionOneLead(ctx, input.id, { event: 'approve' });
}
