import { Conflict } from '@switchboard/core';
import { jobSummary, retryRefusal, type QueueName } from '@switchboard/core/jobs';
import { recordAction, recordInstallationAction } from '../../audit/record.ts';
import type { AdminContext } from '../../procedures/index.ts';
import type { TRetryJobInputSchema } from './retry.schema.ts';
import { findVisibleJob } from './visibility.ts';

/**
 * Puts a failed job back in its queue for one more attempt with the same payload. Its handler
 * claims its work first, so a send or call that already happened is not repeated.
 */
export async function retryJobHandler({ ctx, input }: { ctx: AdminContext; input: TRetryJobInputSchema }): Promise<{ queue: string; id: string; state: 'retry' }> {
  const queue = input.queue as QueueName;
  const job = await findVisibleJob(ctx, queue, input.id);
  const refusal = retryRefusal(queue);
  if (refusal) throw new Conflict(`${queue} jobs are not retried by hand. ${refusal}`);
  if (job.state !== 'failed') throw new Conflict(`Only a failed job can be retried; this one is ${job.state}.`);
  if (!(await ctx.jobs.retry(queue, input.id))) throw new Conflict('This job is no longer failed; reload to see its state.');
  const entry = { action: 'job.retry', targetType: 'job', targetId: input.id, summary: { queue, ...jobSummary(job.data) } };
  // Recorded once pg-boss has taken the retry: the queue's change is not in Switchboard's transaction. A job of
  // the caller's workspace (a webhook job attributed to it included) goes in its log, the rest in the installation's.
  await ctx.db.begin((tx) => (job.workspaceId === ctx.workspace.id ? recordAction(tx, ctx, entry) : recordInstallationAction(tx, ctx, entry)));
  ctx.log.info({ queue, jobId: input.id }, 'job retried by hand');
  return { queue, id: input.id, state: 'retry' };
}
