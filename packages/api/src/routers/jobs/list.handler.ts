import { Forbidden } from '@switchboard/core';
import { jobError, jobSummary, retryRefusal, type JobSummary, type QueueName } from '@switchboard/core/jobs';
import { listJobs } from '@switchboard/db';
import type { AdminContext } from '../../procedures/index.ts';
import type { TListJobsInputSchema } from './list.schema.ts';
import { jobVisibility } from './visibility.ts';

export interface JobListItem {
  queue: string;
  id: string;
  state: string;
  retryCount: number;
  retryLimit: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The record ids the payload names; never the payload itself. */
  summary: JobSummary;
  /** For failed and retrying jobs: the last attempt's error, cut to a bounded length. */
  error: string | null;
  /** Whether an admin may run it again now: failed, on a queue that allows it. */
  retryable: boolean;
}

/** Newest first, one page; `nextCursor` continues after the last job shown. */
export async function listJobsHandler({ ctx, input }: { ctx: AdminContext; input: TListJobsInputSchema }): Promise<{ jobs: JobListItem[]; nextCursor: string | null }> {
  const visibility = await jobVisibility(ctx);
  const visible = [...visibility.workspaceQueues, ...visibility.installationQueues];
  if (input.queue && !visible.includes(input.queue)) throw new Forbidden('Jobs that belong to no workspace are shown to instance owners only.');
  const rows = await listJobs(ctx.db, visibility, {
    queues: input.queue ? [input.queue] : visible,
    states: input.state ? [input.state] : null,
    before: input.before ?? null,
    limit: input.limit,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    jobs: page.map((row) => ({
      queue: row.queue,
      id: row.id,
      state: row.state,
      retryCount: row.retryCount,
      retryLimit: row.retryLimit,
      createdAt: row.createdOn.toISOString(),
      startedAt: row.startedOn?.toISOString() ?? null,
      finishedAt: row.completedOn?.toISOString() ?? null,
      summary: jobSummary(row.data),
      error: row.state === 'failed' || row.state === 'retry' ? jobError(row.output) : null,
      retryable: row.state === 'failed' && retryRefusal(row.queue as QueueName) === null,
    })),
    nextCursor: rows.length > input.limit && last ? `${last.createdOnExact}_${last.id}` : null,
  };
}
