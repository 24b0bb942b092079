import type { Logger } from '@switchboard/core';
import type { EnqueueOptions, ProviderKeyResolver, Publish, Sql } from '@switchboard/db';
import type { DiscoveryServices } from '../discovery/services.ts';
import type { EmailSender } from '../adapters/email/index.ts';
import type { KeyCheckPolicy, ProviderBaseUrls } from '../adapters/key-checks/index.ts';
import type { z } from 'zod';

export interface RetryPolicy {
  /** Retries after the first attempt; 0 means one attempt only. */
  limit: number;
  delaySeconds: number;
  /** Exponential backoff from delaySeconds, with jitter, capped at maxDelaySeconds. */
  backoff: boolean;
  maxDelaySeconds?: number;
}

export interface Throughput {
  /** Jobs fetched per round trip; the handler runs them concurrently. */
  batchSize: number;
  /** Fetch loops per worker process. */
  localConcurrency: number;
}

export interface CronSchedule {
  /** Five-field cron expression. */
  cron: string;
  /** IANA time zone the expression is read in. */
  tz: string;
}

export interface JobContext {
  jobId: string;
  queue: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Aborted when the worker gives up on the job (drain timeout, expiry). */
  signal: AbortSignal;
  workerId: string;
  sql: Sql;
  publish: Publish;
  log: Logger;
  /** Where people reach the dashboard, for links in emails. */
  publicUrl: string;
  email: EmailSender;
  /** The key that applies to a workspace for a provider (its own, else the environment's), or null. */
  providerKey: ProviderKeyResolver;
  /** Provider API base URLs (configurable so tests can use local fakes). */
  baseUrls: ProviderBaseUrls;
  /** Which hosts "Test connection" may reach (SMTP_ALLOW_PRIVATE_HOSTS). */
  keyCheck: KeyCheckPolicy;
  /** Queues follow-up work. Untyped here (the catalog is derived from the jobs themselves); jobs wrap it. */
  enqueue: LooseEnqueue;
  /** Whether a job on `queue` whose payload contains `data` is waiting or running. */
  jobPending: (queue: string, data: object) => Promise<boolean>;
  /** Search, listings and website scraping, live or against the sandbox world. */
  discovery: DiscoveryServices;
}

export type LooseEnqueue = (queue: string, payload: object, options?: EnqueueOptions) => Promise<string>;

export interface JobDefinition<Queue extends string = string, Payload extends z.ZodType = z.ZodType> {
  queue: Queue;
  payload: Payload;
  retry: RetryPolicy;
  /** How long one attempt may run before it is treated as failed and retried. */
  expireInSeconds: number;
  throughput?: Throughput;
  /** Jobs not started within this many seconds are dropped (for jobs whose value is in being timely). */
  retentionSeconds?: number;
  schedule?: CronSchedule & { payload: z.input<Payload> };
  handler: (payload: z.output<Payload>, context: JobContext) => Promise<void>;
}

/** Identity function that keeps the literal queue name and payload schema types. */
export function defineJob<const Queue extends string, Payload extends z.ZodType>(
  definition: JobDefinition<Queue, Payload>,
): JobDefinition<Queue, Payload> {
  return definition;
}

export type AnyJobDefinition = JobDefinition<string, z.ZodType>;

/** Queue name → payload a producer must send, derived from a list of job definitions. */
export type CatalogOf<Jobs extends readonly AnyJobDefinition[]> = {
  [Job in Jobs[number] as Job['queue']]: z.input<Job['payload']>;
};
