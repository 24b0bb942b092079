import { ProviderError } from '@switchboard/core';
import { finishDiscoveryTask, queueRunLeadsForReview, type ClaimedDiscoveryTask } from '@switchboard/db';
import { z } from 'zod';
import type { JobContext, LooseEnqueue } from '../framework/define-job.ts';

/** What every discovery job carries: the task row holds the rest. */
export const ZDiscoveryTaskPayload = z.object({ workspaceId: z.uuid(), runId: z.uuid(), taskId: z.uuid() });
export type DiscoveryTaskPayload = z.infer<typeof ZDiscoveryTaskPayload>;

export const DISCOVERY_QUEUES = { search: 'discovery.search', places: 'discovery.places', scrape: 'discovery.scrape' } as const;
export type DiscoveryTaskKind = keyof typeof DISCOVERY_QUEUES;

export type ClaimedTask = ClaimedDiscoveryTask;

interface TaskOutcome {
  status: 'done' | 'failed' | 'waiting_quota';
  reason?: string;
  notBefore?: Date;
  results?: number;
  leadsFound?: number;
  leadsMerged?: number;
}

export async function enqueueDiscoveryTasks(
  enqueue: LooseEnqueue,
  target: { workspaceId: string; runId: string },
  kind: DiscoveryTaskKind,
  taskIds: readonly string[],
  startAfter?: Date,
): Promise<void> {
  for (const taskId of taskIds) {
    await enqueue(DISCOVERY_QUEUES[kind], { workspaceId: target.workspaceId, runId: target.runId, taskId }, startAfter ? { startAfter } : {});
  }
}

/**
 * Records how a task ended and tells the dashboard. When it was the run's last task, leads the run
 * left short of review (a site that never answered, say) are queued for it, so none is stranded.
 */
export async function finishTask(context: JobContext, claimed: ClaimedTask, outcome: TaskOutcome): Promise<void> {
  const { task } = claimed;
  const finished = await finishDiscoveryTask(context.sql, task.id, outcome);
  if (finished.runStatus === 'done') {
    const queued = await queueRunLeadsForReview(context.sql, task.workspaceId, task.runId);
    if (queued > 0) await context.publish(task.workspaceId, 'leads.changed', { campaignId: finished.campaignId, count: queued });
  }
  await context.publish(task.workspaceId, 'discovery.progress', { runId: task.runId, campaignId: finished.campaignId, status: finished.runStatus });
}

/** Parks a task until `notBefore` (a quota or rate window) and queues the job that picks it up again. */
export async function deferTask(context: JobContext, claimed: ClaimedTask, wait: { reason: string; notBefore: Date }): Promise<void> {
  const { task } = claimed;
  await finishTask(context, claimed, { status: 'waiting_quota', reason: wait.reason, notBefore: wait.notBefore });
  await enqueueDiscoveryTasks(context.enqueue, task, task.kind as DiscoveryTaskKind, [task.id], wait.notBefore);
  context.log.info({ taskId: task.id, notBefore: wait.notBefore.toISOString() }, 'discovery task waits');
}

/**
 * A provider failure: retried by the queue's policy while it may pass (429, 5xx, network), else the
 * task fails with the provider's reason. Anything else (a database hiccup) is always retried.
 */
export async function failOrRetry(context: JobContext, claimed: ClaimedTask, error: unknown, retryLimit: number): Promise<void> {
  const retryable = !(error instanceof ProviderError) || isRetryable(error);
  if (retryable && context.retryCount < retryLimit) throw error;
  const reason = error instanceof Error ? error.message : String(error);
  await finishTask(context, claimed, { status: 'failed', reason });
  context.log.warn({ taskId: claimed.task.id, reason }, 'discovery task failed');
}

function isRetryable(error: ProviderError): boolean {
  return (error as ProviderError & { retryable?: boolean }).retryable === true;
}
