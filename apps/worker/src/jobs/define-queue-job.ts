import { JOB_PAYLOADS, type JobPayloadSchema, type QueueName } from '@switchboard/core/jobs';
import type { JobDefinition } from '../framework/define-job.ts';
import type { WorkerServices } from '../services.ts';

export type QueueJob<Queue extends QueueName = QueueName> = JobDefinition<Queue, JobPayloadSchema<Queue>, WorkerServices>;

/**
 * Binds a handler and its run policy to a queue of the job contract: the payload schema comes from
 * the contract, so producers and handler cannot disagree about it.
 */
export function defineQueueJob<const Queue extends QueueName>(
  queue: Queue,
  job: Omit<QueueJob<Queue>, 'queue' | 'payload'>,
): QueueJob<Queue> {
  return { ...job, queue, payload: JOB_PAYLOADS[queue] };
}
