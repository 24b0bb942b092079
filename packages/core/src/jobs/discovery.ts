import { z } from 'zod';
import type { DiscoveryTaskKind } from '../discovery/task-kinds.ts';

/** What every discovery task job carries: the task row holds the rest. */
export const ZDiscoveryTaskPayload = z.object({ workspaceId: z.uuid(), runId: z.uuid(), taskId: z.uuid() });
export type DiscoveryTaskPayload = z.infer<typeof ZDiscoveryTaskPayload>;

/** The queue that runs each kind of discovery task. */
export const DISCOVERY_TASK_QUEUES = Object.freeze({
  search: 'discovery.search',
  places: 'discovery.places',
  scrape: 'discovery.scrape',
} as const satisfies Record<DiscoveryTaskKind, string>);
