import type { Logger } from '@switchboard/core';
import type { Publish, Sql } from '@switchboard/db';
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

/** What the framework gives every job, whatever app runs it; the app adds its own services. */
export interface JobRunContext {
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
}

/** A handler's context: the framework's part and the services the app started the worker with. */
export type JobContext<Services extends object = object> = JobRunContext & Services;

export interface JobDefinition<Queue extends string = string, Payload extends z.ZodType = z.ZodType, Services extends object = object> {
  queue: Queue;
  payload: Payload;
  retry: RetryPolicy;
  /** How long one attempt may run before it is treated as failed and retried. */
  expireInSeconds: number;
  throughput?: Throughput;
  /** Jobs not started within this many seconds are dropped (for jobs whose value is in being timely). */
  retentionSeconds?: number;
  schedule?: CronSchedule & { payload: z.input<Payload> };
  handler: (payload: z.output<Payload>, context: JobContext<Services>) => Promise<void>;
}

/** Identity function that keeps the literal queue name and payload schema types. */
export function defineJob<const Queue extends string, Payload extends z.ZodType, Services extends object = object>(
  definition: JobDefinition<Queue, Payload, Services>,
): JobDefinition<Queue, Payload, Services> {
  return definition;
}

export type AnyJobDefinition<Services extends object = object> = JobDefinition<string, z.ZodType, Services>;

/** Queue name → payload a producer must send, derived from a list of job definitions. */
export type CatalogOf<Jobs extends readonly Pick<AnyJobDefinition, 'queue' | 'payload'>[]> = {
  [Job in Jobs[number] as Job['queue']]: z.input<Job['payload']>;
};
