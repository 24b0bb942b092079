import type { AuthedContext } from '../../procedures/index.ts';
import type { TMarkLeadRepliedInputSchema } from './mark-replied.schema.ts';
import { transitionOneLead } from './transition-one.ts';

/** An operator records a reply that came another way (a phone call, another inbox): the lead's sequences stop at once. */
export function markLeadRepliedHandler({ ctx, input }: { ctx: AuthedContext; input: TMarkLeadRepliedInputSchema }) {
  return transitionOneLead(ctx, input.id, { event: 'mark_replied' });
}
