/** What a discovery task does: a page of web results, a listings search, or one website. */
export const DISCOVERY_TASK_KINDS = ['search', 'places', 'scrape'] as const;
export type DiscoveryTaskKind = (typeof DISCOVERY_TASK_KINDS)[number];

export const DISCOVERY_TASK_STATUSES = ['pending', 'running', 'done', 'failed', 'waiting_quota'] as const;
export type DiscoveryTaskStatus = (typeof DISCOVERY_TASK_STATUSES)[number];
