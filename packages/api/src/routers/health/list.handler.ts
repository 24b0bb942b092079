import { listLeadHealth } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { healthView } from './health-view.ts';
import { healthCursor, type TListHealthInputSchema } from './list.schema.ts';

/**
 * One page of the workspace's scored leads, worst first (score, then lead id), optionally of one
 * status. A cursor is only a position: another workspace's lead id in it pages after that position
 * among this workspace's rows.
 */
export async function listHealthHandler({ ctx, input }: { ctx: AuthedContext; input: TListHealthInputSchema }) {
  // One more than the page: whether there is a next page, without counting.
  const rows = await listLeadHealth(ctx.db, { workspaceId: ctx.workspace.id, status: input.status, after: input.cursor, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { rows: page.map(healthView), nextCursor: rows.length > input.limit && last ? healthCursor(last) : null };
}
