import { z } from 'zod';

/**
 * Refresh stored relationship health scores: the hourly sweep sends {} (every workspace with
 * outreach), a refresh asked for from the Health page names its workspace.
 */
export const ZRefreshHealthPayload = z.object({ workspaceId: z.uuid().optional() });
