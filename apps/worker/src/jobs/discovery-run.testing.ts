import { createDiscoveryRun, discoveryProgress, type DiscoveryProgress, type NewDiscoveryTask, type Sql } from '@switchboard/db';
import { enqueueDiscoveryTasks } from '../discovery/tasks.ts';
import type { RunningWorker } from '../framework/start-worker.ts';
import type { JobCatalog } from './index.ts';

/** Starts a discovery run of these tasks, as discovery.start would, and waits until it is done. */
export async function runDiscoveryToEnd(
  sql: Sql,
  worker: RunningWorker<JobCatalog>,
  target: { workspaceId: string; userId: string; campaignId: string },
  tasks: (NewDiscoveryTask & { kind: 'search' | 'places' })[],
  timeoutMs = 90_000,
): Promise<DiscoveryProgress> {
  const { run, taskIds } = await createDiscoveryRun(sql, { workspaceId: target.workspaceId, campaignId: target.campaignId, startedBy: target.userId, tasks });
  for (const [index, taskId] of taskIds.entries()) {
    await enqueueDiscoveryTasks(worker.enqueue as never, { workspaceId: target.workspaceId, runId: run.id }, tasks[index]!.kind, [taskId]);
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await discoveryProgress(sql, target.workspaceId, run.id);
    if (progress?.status === 'done') return progress;
    if (Date.now() > deadline) throw new Error(`discovery did not finish: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
