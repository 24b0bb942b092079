import { RELATIONSHIP_HEALTH_LABELS, RELATIONSHIP_HEALTH_STATUSES } from '@switchboard/core';
import { leadHealthSummary } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';

/** How many of the workspace’s scored leads are in each status (healthy first, as the tiles stand), in all, and when the scores were last refreshed. */
export async function healthSummaryHandler({ ctx }: { ctx: AuthedContext }) {
  const { counts, refreshedAt } = await leadHealthSummary(ctx.db, ctx.workspace.id);
  return {
    statuses: RELATIONSHIP_HEALTH_STATUSES.map((status) => ({ status, label: RELATIONSHIP_HEALTH_LABELS[status], count: counts[status] })),
    total: RELATIONSHIP_HEALTH_STATUSES.reduce((sum, status) => sum + counts[status], 0),
    refreshedAt: refreshedAt?.toISOString() ?? null,
  };
}
