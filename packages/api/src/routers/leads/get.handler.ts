import type { AuthedContext } from '../../procedures/index.ts';
import type { TGetLeadInputSchema } from './get.schema.ts';
import { requireLead } from './require-lead.ts';

/** The lead with its evidence: where it was found, its contacts and why it scored what it did. */
export function getLeadHandler({ ctx, input }: { ctx: AuthedContext; input: TGetLeadInputSchema }) {
  return requireLead(ctx.db, ctx.workspace.id, input.id);
}
