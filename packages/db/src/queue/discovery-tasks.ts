import { DISCOVERY_TASK_QUEUES } from '@switchboard/core/jobs';
import type { DiscoveryTaskKind } from '@switchboard/core';
import type { JobEnqueue } from './enqueue.ts';

export interface QueuedDiscoveryTask {
  id: string;
  kind: DiscoveryTaskKind;
  /** A task waiting for a quota window is queued to start when the window opens. */
  notBefore?: Date | null;
}

/**
 * One job per task on its kind's queue; the task row holds the work. The one way discovery work is
 * queued, by the api (start, resume) and by the worker (sites found, quota waits, recovery).
 */
export async function enqueueDiscoveryTasks(
  enqueue: JobEnqueue,
  run: { workspaceId: string; runId: string },
  tasks: readonly QueuedDiscoveryTask[],
  now: Date = new Date(),
): Promise<void> {
  for (const task of tasks) {
    const startAfter = task.notBefore && task.notBefore.getTime() > now.getTime() ? { startAfter: task.notBefore } : {};
    await enqueue(DISCOVERY_TASK_QUEUES[task.kind], { workspaceId: run.workspaceId, runId: run.runId, taskId: task.id }, startAfter);
  }
}
