import type { SystemConfig } from '@switchboard/core';
import type { DISCOVERY_TASK_QUEUES, DiscoveryTaskPayload, JobPayloadSchema } from '@switchboard/core/jobs';
import { claimDiscoveryTask, getSystemConfig } from '@switchboard/db';
import type { z } from 'zod';
import { defineQueueJob, type QueueJob } from '../jobs/define-queue-job.ts';
import type { WorkerJobContext } from '../services.ts';
import { settleClaimedTask, withinMinuteLimit, type ClaimedTask, type MinuteLimit } from './tasks.ts';

export type DiscoveryTaskQueue = (typeof DISCOVERY_TASK_QUEUES)[keyof typeof DISCOVERY_TASK_QUEUES];

/** A claimed task, ready to work on: its input read, the settings of the moment, and its minute spent. */
export interface DiscoveryTaskWork<Input> {
  payload: DiscoveryTaskPayload;
  claimed: ClaimedTask;
  input: Input;
  settings: SystemConfig;
  /** When the attempt began, for quota windows. */
  now: Date;
}

export interface DiscoveryTaskJob<Queue extends DiscoveryTaskQueue, Input extends z.ZodType> extends Omit<QueueJob<Queue>, 'queue' | 'payload' | 'handler'> {
  /** The task row's input for this kind. */
  input: Input;
  /** A per-minute limit taken before the work; the task waits for the next minute when it is spent. */
  perMinute?: (settings: SystemConfig) => MinuteLimit;
  /**
   * The task's own work; it finishes or defers the task. Whatever it throws is retried by the queue's
   * policy, and fails the task on the last attempt (see settleClaimedTask).
   */
  work: (task: DiscoveryTaskWork<z.output<Input>>, context: WorkerJobContext) => Promise<void>;
}

/**
 * One skeleton for every discovery task job: claim the task (nothing to do when it is finished, its
 * run paused or cancelled, or another job holds it) → settle whatever happens → read its input →
 * take the per-minute limit → work. The retry limit that decides the last attempt is the queue's own.
 */
export function defineDiscoveryTaskJob<const Queue extends DiscoveryTaskQueue, Input extends z.ZodType>(
  queue: Queue,
  job: DiscoveryTaskJob<Queue, Input>,
): QueueJob<Queue> {
  const { input: inputSchema, perMinute, work, ...policy } = job;
  return defineQueueJob(queue, {
    ...policy,
    async handler(payload: z.output<JobPayloadSchema<Queue>>, context) {
      const claimed = await claimDiscoveryTask(context.sql, payload.workspaceId, payload.taskId, context.jobId);
      if (!claimed) return;
      await settleClaimedTask(context, claimed, policy.retry.limit, async () => {
        const input = inputSchema.parse(claimed.task.input);
        const settings = await getSystemConfig(context.sql);
        const now = new Date();
        if (perMinute && !(await withinMinuteLimit(context, claimed, perMinute(settings), now))) return;
        await work({ payload, claimed, input, settings, now }, context);
      });
    },
  });
}
