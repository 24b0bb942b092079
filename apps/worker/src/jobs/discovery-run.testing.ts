import type { JobCatalog } from '@switchboard/core/jobs';
import { createDiscoveryRun, discoveryProgress, enqueueDiscoveryTasks, type DiscoveryProgress, type NewDiscoveryTask, type Sql } from '@switchboard/db';
import type { RunningWorker } from '../framework/start-worker.ts';

/** Starts a discovery run of these tasks, as discovery.start would, and waits until it is done. */
export async function runDiscoveryToEnd(
  sql: Sql,
  worker: RunningWorker<JobCatalog>,
  target: { workspaceId: string; userId: string; campaignId: string },
  tasks: (NewDiscoveryTask & { kind: 'search' | 'places' })[],
  timeoutMs = 90_000,
): Promise<DiscoveryProgress> {
  const { run, taskIds } = await createDiscoveryRun(sql, { workspaceId: target.workspaceId, campaignId: target.campaignId, startedBy: target.userId, tasks });
  await enqueueDiscoveryTasks(
    worker.enqueue,
    { workspaceId: target.workspaceId, runId: run.id },
    taskIds.map((id, index) => ({ id, kind: tasks[index]!.kind })),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await discoveryProgress(sql, target.workspaceId, run.id);
    if (progress?.status === 'done') return progress;
    if (Date.now() > deadline) throw new Error(`discovery did not finish: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
