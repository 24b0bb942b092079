import { findLeadHealth } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireLeadExists } from '../leads/require-lead.ts';
import { healthView } from './health-view.ts';
import type { TLeadHealthInputSchema } from './for-lead.schema.ts';

/** The lead's stored relationship health, or null before its first scoring; another workspace's lead is NotFound. */
export async function leadHealthHandler({ ctx, input }: { ctx: AuthedContext; input: TLeadHealthInputSchema }) {
  await requireLeadExists(ctx.db, ctx.workspace.id, input.leadId);
  const row = await findLeadHealth(ctx.db, ctx.workspace.id, input.leadId);
  return row ? healthView(row) : null;
}
