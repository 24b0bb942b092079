import { z } from 'zod';
import { JOB_PAYLOADS, QUEUE_NAMES, type QueueName } from './catalog.ts';

/** pg-boss's job states, as stored in its job table. */
export const JOB_STATES = Object.freeze(['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const);
export type JobState = (typeof JOB_STATES)[number];

/** How far back the Jobs page looks: counts and lists cover jobs created within it. */
export const JOB_WINDOW_HOURS = 72;
/**
 * Up to this many jobs in the window (as last stored), the Jobs page counts them on each load; past
 * it, it shows the counts the 'jobs.count' job stored, with their time.
 */
export const JOB_COUNT_EXACT_MAX = 10_000;
/** Stored counts older than this are not shown (no worker is storing them): the page counts instead. */
export const JOB_COUNT_STALE_MS = 10 * 60 * 1000;
/** How often the worker stores the Jobs page's counts. */
export const JOB_COUNT_CRON = '* * * * *';
/** The most jobs one page of the list shows. */
export const JOB_PAGE_MAX = 100;
/** A job's error is shown up to this many characters: enough to read, never a whole stack or response. */
export const JOB_ERROR_MAX_CHARS = 300;

export type JobScope = 'workspace' | 'installation';

function workspaceField(queue: QueueName): 'required' | 'optional' | null {
  const schema = JOB_PAYLOADS[queue];
  if (!(schema instanceof z.ZodObject) || !('workspaceId' in schema.shape)) return null;
  return (schema.shape as Record<string, z.ZodType>).workspaceId!.safeParse(undefined).success ? 'optional' : 'required';
}

/**
 * A queue's jobs belong to a workspace when its payload always names one (`workspaceId`); the rest
 * (schedules, webhooks, heartbeats, sign-in links) belong to the installation.
 */
export function queueScope(queue: QueueName): JobScope {
  return workspaceField(queue) === 'required' ? 'workspace' : 'installation';
}

/**
 * Installation queues whose jobs name a workspace when one was known as they were queued (webhook
 * events of a workspace's send or call): that workspace's admins see those jobs too.
 */
export function queueAttributesWorkspace(queue: QueueName): boolean {
  return workspaceField(queue) === 'optional';
}

/**
 * The queues whose jobs someone sees. `workspace`: only their workspace's jobs are shown (an admin
 * also sees the webhook jobs attributed to it); `installation`: every job, for an instance owner.
 */
export function visibleQueues(isInstanceOwner: boolean): { workspace: QueueName[]; installation: QueueName[] } {
  return {
    workspace: QUEUE_NAMES.filter((queue) => queueScope(queue) === 'workspace' || (!isInstanceOwner && queueAttributesWorkspace(queue))),
    installation: isInstanceOwner ? QUEUE_NAMES.filter((queue) => queueScope(queue) === 'installation') : [],
  };
}

/**
 * Why a failed job may not be run again by hand, per queue; a queue not listed may be. Every other
 * handler claims its work before a provider call, so running it again never repeats what happened.
 */
const RETRY_REFUSALS: Partial<Record<QueueName, string>> = {
  'auth.send-link': 'A sign-in or reset link is sent only when someone asks for it; they can ask again.',
  'providers.test-key': 'Nobody is waiting for this answer any more: test the key again from the Keys page.',
  'system.ping': 'A ping answers a person waiting on the System page; ping again there.',
  'system.heartbeat': 'A heartbeat is only worth its moment; the worker sends a new one every few seconds.',
  'jobs.count': 'The Jobs page’s counts are stored again every minute.',
};

/** Null when a failed job of this queue may be run again; otherwise why not. */
export function retryRefusal(queue: QueueName): string | null {
  return RETRY_REFUSALS[queue] ?? null;
}

/** The payload fields a browser may see: ids that say which record a job is about, nothing else. */
export const JOB_SUMMARY_FIELDS = Object.freeze(['runId', 'taskId', 'importId', 'campaignId', 'leadId', 'eventId', 'testId', 'pingId'] as const);
export type JobSummary = Partial<Record<(typeof JOB_SUMMARY_FIELDS)[number], string>>;

const ZId = z.uuid();

/** A job payload reduced to the record ids it names; keys, tokens, emails and text never pass. */
export function jobSummary(payload: unknown): JobSummary {
  if (typeof payload !== 'object' || payload === null) return {};
  const summary: JobSummary = {};
  for (const field of JOB_SUMMARY_FIELDS) {
    const value = (payload as Record<string, unknown>)[field];
    if (ZId.safeParse(value).success) summary[field] = value as string;
  }
  return summary;
}

/**
 * The message of a failed attempt, from what pg-boss stored as the job's output: `error` (our
 * handlers) or `message` (a serialized error, an expiry), cut to a bounded length. Stacks and any
 * other field never pass.
 */
export function jobError(output: unknown): string | null {
  if (typeof output !== 'object' || output === null) return null;
  const record = output as Record<string, unknown>;
  const message = typeof record.error === 'string' ? record.error : typeof record.message === 'string' ? record.message : null;
  if (message === null) return null;
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > JOB_ERROR_MAX_CHARS ? `${oneLine.slice(0, JOB_ERROR_MAX_CHARS - 1)}…` : oneLine;
}
