import type { AuthedContext } from '../../procedures/index.ts';
import type { TReopenLeadInputSchema } from './reopen.schema.ts';
import { transitionOneLead } from './transition-one.ts';

/** Puts a rejected (or approved) lead back in the review queue; its reject reason is cleared. */
export function reopenLeadHandler({ ctx, input }: { ctx: AuthedContext; input: TReopenLeadInputSchema }) {
  return transitionOneLead(ctx, input.id, { event: 'reopen' });
}
