export { JOB_PAYLOADS, QUEUE_NAMES, type QueueName, type JobPayloadSchema, type JobCatalog, type JobPayloads } from './catalog.ts';
export { DISCOVERY_TASK_QUEUES, ZDiscoveryTaskPayload, type DiscoveryTaskPayload } from './discovery.ts';
export { AUTH_LINK_PURPOSES, ZSendAuthLinkPayload } from './auth.ts';
export { ZImportLeadsPayload } from './leads.ts';
export { ZEmailWebhookPayload, ZSandboxRecipientPayload } from './email.ts';
export { ZCallWebhookPayload } from './calls.ts';
export { ZRefreshWorkspaceHealthPayload } from './health.ts';
export { ZTestProviderKeyPayload } from './providers.ts';
export { ZHeartbeatPayload, ZPingPayload, ZNoPayload } from './system.ts';
export {
  JOB_STATES,
  JOB_WINDOW_HOURS,
  JOB_PAGE_MAX,
  JOB_COUNT_EXACT_MAX,
  JOB_COUNT_STALE_MS,
  JOB_COUNT_CRON,
  queueAttributesWorkspace,
  JOB_ERROR_MAX_CHARS,
  JOB_SUMMARY_FIELDS,
  queueScope,
  visibleQueues,
  retryRefusal,
  jobSummary,
  jobError,
  type JobState,
  type JobScope,
  type JobSummary,
} from './monitor.ts';
