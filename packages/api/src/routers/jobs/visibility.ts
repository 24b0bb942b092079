import { JOB_WINDOW_HOURS, visibleQueues } from '@switchboard/core/jobs';
import { NotFound } from '@switchboard/core';
import { findJob, isInstanceOwner, type JobRef, type JobVisibility } from '@switchboard/db';
import type { AdminContext } from '../../procedures/index.ts';

/**
 * Which jobs the caller may see: their workspace's jobs in the queues whose payloads name a workspace
 * (for an admin, webhook jobs attributed to it too), and, for an instance owner, every job of the
 * installation's queues (schedules, webhooks of any workspace, sign-in links). Ownership is read fresh
 * on each call, as the owner procedure does.
 */
export async function jobVisibility(ctx: AdminContext): Promise<JobVisibility & { isOwner: boolean }> {
  const isOwner = await isInstanceOwner(ctx.db, ctx.user.id);
  const queues = visibleQueues(isOwner);
  return { isOwner, workspaceId: ctx.workspace.id, workspaceQueues: queues.workspace, installationQueues: queues.installation, windowHours: JOB_WINDOW_HOURS };
}

/** Whether one job (read by its id) is the caller's to see; a job that is not reads as not found. */
export function canSeeJob(visibility: JobVisibility, job: JobRef): boolean {
  if (visibility.installationQueues.includes(job.queue)) return true;
  return visibility.workspaceQueues.includes(job.queue) && job.workspaceId === visibility.workspaceId;
}

/** One job the caller may see, by queue and id; another workspace's job reads exactly like one that does not exist. */
export async function findVisibleJob(ctx: AdminContext, queue: string, id: string): Promise<JobRef> {
  const visibility = await jobVisibility(ctx);
  const job = await findJob(ctx.db, queue, id);
  if (!job || !canSeeJob(visibility, job)) throw new NotFound(`No ${queue} job ${id} was found.`);
  return job;
}
