import { z } from 'zod';

/**
 * A refresh of one workspace's relationship health scores, asked for from its Health page. The hourly
 * sweep of every workspace is its own queue ('health.refresh', no payload): a sweep belongs to the
 * installation, a workspace's refresh to that workspace, and the Jobs page shows each to its own readers.
 */
export const ZRefreshWorkspaceHealthPayload = z.object({ workspaceId: z.uuid() });
