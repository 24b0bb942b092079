import { ProviderError } from '@switchboard/core';
import { minuteWindowStart } from '@switchboard/core/discovery';
import {
  addDiscoveryTasks,
  enqueueDiscoveryTasks,
  finishDiscoveryTask,
  reserveUsage,
  pendingDiscoveryTaskIds,
  queueRunLeadsForReview,
  type ClaimedDiscoveryTask,
  type NewDiscoveryTask,
} from '@switchboard/db';
import type { WorkerJobContext as JobContext } from '../services.ts';

export type ClaimedTask = ClaimedDiscoveryTask;

/** A per-minute limit on a provider's requests, per workspace. */
export interface MinuteLimit {
  key: string;
  perMinute: number;
  /** What the task says while it waits for the next minute. */
  reason: string;
}

interface TaskOutcome {
  status: 'done' | 'failed' | 'waiting_quota';
  reason?: string;
  notBefore?: Date;
  results?: number;
  leadsFound?: number;
  leadsMerged?: number;
}

/**
 * Adds the sites a search or listing found as scrape tasks of the run and queues a job for each new
 * one. A retry also queues those still pending: its earlier attempt may have added them and died
 * before queueing them, and a task queued twice still runs once.
 */
export async function addScrapeTasks(
  context: JobContext,
  target: { workspaceId: string; runId: string },
  sites: readonly NewDiscoveryTask[],
): Promise<void> {
  const added = await addDiscoveryTasks(context.sql, { workspaceId: target.workspaceId, runId: target.runId, tasks: sites });
  const toQueue = context.retryCount > 0 ? await pendingDiscoveryTaskIds(context.sql, { workspaceId: target.workspaceId, runId: target.runId, tasks: sites }) : added;
  await enqueueDiscoveryTasks(context.enqueue, target, toQueue.map((id) => ({ id, kind: 'scrape' as const })));
}

/**
 * Records how a task ended and tells the dashboard. When it was the run's last task, leads the run
 * left short of review (a site that never answered, say) are queued for it, so none is stranded.
 */
export async function finishTask(context: JobContext, claimed: ClaimedTask, outcome: TaskOutcome): Promise<void> {
  const { task } = claimed;
  // One transaction: nobody sees the run done while some of its leads still wait to be queued.
  const { finished, queued } = await context.sql.begin(async (tx) => {
    const ended = await finishDiscoveryTask(tx, task.workspaceId, task.id, outcome);
    return { finished: ended, queued: ended.runStatus === 'done' ? await queueRunLeadsForReview(tx, task.workspaceId, task.runId) : 0 };
  });
  if (queued > 0) await context.publish(task.workspaceId, 'leads.changed', { campaignId: finished.campaignId, count: queued });
  await context.publish(task.workspaceId, 'discovery.progress', { runId: task.runId, campaignId: finished.campaignId, status: finished.runStatus });
}

/** Parks a task until `notBefore` (a quota or rate window) and queues the job that picks it up again. */
export async function deferTask(context: JobContext, claimed: ClaimedTask, wait: { reason: string; notBefore: Date }): Promise<void> {
  const { task } = claimed;
  await finishTask(context, claimed, { status: 'waiting_quota', reason: wait.reason, notBefore: wait.notBefore });
  await enqueueDiscoveryTasks(context.enqueue, task, [{ id: task.id, kind: task.kind, notBefore: wait.notBefore }]);
  context.log.info({ taskId: task.id, notBefore: wait.notBefore.toISOString() }, 'discovery task waits');
}

/**
 * Runs a claimed task's work. Whatever it throws (a database hiccup, a key that cannot be opened)
 * is retried by the queue's policy, and on the last attempt fails the task with its reason: a task
 * left `running` by a job that gave up would hold its run open for good.
 */
export async function settleClaimedTask(context: JobContext, claimed: ClaimedTask, retryLimit: number, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await failOrRetry(context, claimed, error, retryLimit);
  }
}

/**
 * A provider failure: retried by the queue's policy while it may pass (429, 5xx, network), else the
 * task fails with the provider's reason. Anything else (a database hiccup) is always retried.
 */
async function failOrRetry(context: JobContext, claimed: ClaimedTask, error: unknown, retryLimit: number): Promise<void> {
  const retryable = !(error instanceof ProviderError) || isRetryable(error);
  if (retryable && context.retryCount < retryLimit) throw error;
  const reason = error instanceof Error ? error.message : String(error);
  await finishTask(context, claimed, { status: 'failed', reason });
  context.log.warn({ taskId: claimed.task.id, reason }, 'discovery task failed');
}

function isRetryable(error: ProviderError): boolean {
  return (error as ProviderError & { retryable?: boolean }).retryable === true;
}

/**
 * Takes one unit of a workspace's per-minute limit for a provider. When the minute's units are
 * spent, the task is parked until the next minute and false comes back: the caller stops there.
 */
export async function withinMinuteLimit(
  context: JobContext,
  claimed: ClaimedTask,
  limit: MinuteLimit,
  now: Date = new Date(),
): Promise<boolean> {
  const minute = minuteWindowStart(now);
  if (await reserveUsage(context.sql, { workspaceId: claimed.task.workspaceId, key: limit.key, windowStart: minute, limit: limit.perMinute })) return true;
  await deferTask(context, claimed, { reason: limit.reason, notBefore: new Date(minute.getTime() + 60_000) });
  return false;
}
