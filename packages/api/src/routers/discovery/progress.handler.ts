import { NotFound } from '@switchboard/core';
import { discoveryProgress } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TRunInputSchema } from './run.schema.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Counters for the live progress panel: the browser refetches this on every `discovery.progress`
 * event. Dates go out as ISO strings, so the page's first render and its refetches look the same.
 */
export async function discoveryProgressHandler({ ctx, input }: { ctx: AuthedContext; input: TRunInputSchema }) {
  const progress = await discoveryProgress(ctx.db, ctx.workspace.id, input.runId);
  if (!progress) throw new NotFound('That discovery run does not exist in this workspace.');
  return {
    ...progress,
    startedAt: progress.startedAt.toISOString(),
    finishedAt: iso(progress.finishedAt),
    nextRetryAt: iso(progress.nextRetryAt),
    failures: progress.failures.map((failure) => ({ ...failure, finishedAt: iso(failure.finishedAt) })),
  };
}
