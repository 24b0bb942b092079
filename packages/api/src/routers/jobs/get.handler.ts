import type { AdminContext } from '../../procedures/index.ts';
import type { TGetJobInputSchema } from './get.schema.ts';
import { findVisibleJob } from './visibility.ts';

/** Whether a job the caller may see exists, and its state: what a page needs to speak of it, never its payload. */
export async function getJobHandler({ ctx, input }: { ctx: AdminContext; input: TGetJobInputSchema }): Promise<{ queue: string; id: string; state: string }> {
  const job = await findVisibleJob(ctx, input.queue, input.id);
  return { queue: job.queue, id: job.id, state: job.state };
}
