import { enqueueDiscoveryTasks, STALE_DISCOVERY_TASK_MS, strandedDiscoveryTasks } from '@switchboard/db';
import { DISCOVERY_TASK_QUEUES } from '@switchboard/core/jobs';
import { defineQueueJob } from './define-queue-job.ts';

// Generous, so a task merely waiting in a backlog is checked rarely; the job check below decides.
const PENDING_FOR_MS = 5 * 60_000;
const OVERDUE_FOR_MS = 5 * 60_000;
const TASKS_PER_SWEEP = 200;

/**
 * Nothing lost: a discovery task whose job vanished (the worker died on its last attempt, a queue
 * write failed after a commit) would leave its run "running" forever. Every minute, tasks that have
 * sat too long without a waiting or running job get one again; claiming keeps it to one run each.
 */
export const discoveryRecoverJob = defineQueueJob('discovery.recover', {
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 60,
  retentionSeconds: 120,
  schedule: { cron: '* * * * *', tz: 'UTC', payload: {} },
  async handler(_payload, context) {
    const stranded = await strandedDiscoveryTasks(context.sql, {
      pendingForMs: PENDING_FOR_MS,
      overdueForMs: OVERDUE_FOR_MS,
      runningForMs: STALE_DISCOVERY_TASK_MS,
      limit: TASKS_PER_SWEEP,
    });
    let requeued = 0;
    for (const task of stranded) {
      if (await context.jobPending(DISCOVERY_TASK_QUEUES[task.kind], { taskId: task.id })) continue;
      await enqueueDiscoveryTasks(context.enqueue, task, [{ id: task.id, kind: task.kind }]);
      requeued += 1;
    }
    if (requeued > 0) context.log.warn({ requeued }, 'queued discovery tasks that had lost their job');
  },
});
