import type { z } from 'zod';
import { ZSendAuthLinkPayload } from './auth.ts';
import { DISCOVERY_TASK_QUEUES, ZDiscoveryTaskPayload } from './discovery.ts';
import { ZCallWebhookPayload } from './calls.ts';
import { ZEmailWebhookPayload, ZSandboxRecipientPayload } from './email.ts';
import { ZRefreshWorkspaceHealthPayload } from './health.ts';
import { ZImportLeadsPayload } from './leads.ts';
import { ZTestProviderKeyPayload } from './providers.ts';
import { ZHeartbeatPayload, ZNoPayload, ZPingPayload } from './system.ts';

/**
 * The job contract: every queue's name and payload schema, below both the producers (api, web,
 * scripts) and the worker that binds a handler to each. Adding a queue is one entry here (and its
 * handler in apps/worker/src/jobs, which the worker's catalog test requires).
 */
export const JOB_PAYLOADS = Object.freeze({
  'system.heartbeat': ZHeartbeatPayload,
  'system.ping': ZPingPayload,
  'system.prune-heartbeats': ZNoPayload,
  'auth.send-link': ZSendAuthLinkPayload,
  'providers.test-key': ZTestProviderKeyPayload,
  [DISCOVERY_TASK_QUEUES.search]: ZDiscoveryTaskPayload,
  [DISCOVERY_TASK_QUEUES.places]: ZDiscoveryTaskPayload,
  [DISCOVERY_TASK_QUEUES.scrape]: ZDiscoveryTaskPayload,
  'discovery.recover': ZNoPayload,
  'leads.import': ZImportLeadsPayload,
  'leads.refresh-statistics': ZNoPayload,
  'outreach.tick': ZNoPayload,
  'email.dispatch': ZNoPayload,
  'outreach.submit-forms': ZNoPayload,
  'email.webhook': ZEmailWebhookPayload,
  'email.sandbox-recipient': ZSandboxRecipientPayload,
  'email.sandbox-sweep': ZNoPayload,
  'inbox.poll': ZNoPayload,
  'calls.webhook': ZCallWebhookPayload,
  'calls.tick': ZNoPayload,
  'health.refresh': ZNoPayload,
  'health.refresh-workspace': ZRefreshWorkspaceHealthPayload,
  'jobs.count': ZNoPayload,
} as const satisfies Record<string, z.ZodType>);

export type QueueName = keyof typeof JOB_PAYLOADS;
export const QUEUE_NAMES = Object.keys(JOB_PAYLOADS) as QueueName[];

/** The schema a queue's payloads are checked against. */
export type JobPayloadSchema<Queue extends QueueName> = (typeof JOB_PAYLOADS)[Queue];

/** Queue name → what a producer sends (fields with defaults may be left out), for `Enqueue<JobCatalog>`. */
export type JobCatalog = { [Queue in QueueName]: z.input<JobPayloadSchema<Queue>> };

/** Queue name → the payload a handler receives, defaults applied. */
export type JobPayloads = { [Queue in QueueName]: z.output<JobPayloadSchema<Queue>> };
