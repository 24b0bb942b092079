export { createBoss, QUEUE_SCHEMA, type QueueRole, type PgBoss } from './boss.ts';
export { createEnqueue, createJobEnqueue, JobAlreadyQueued, type Enqueue, type EnqueueOptions, type JobEnqueue } from './enqueue.ts';
export { enqueueDiscoveryTasks, type QueuedDiscoveryTask } from './discovery-tasks.ts';
export { readQueueCounts, type QueueCounts } from './counts.ts';
export { listJobs, countJobsByState, storeJobCounts, readStoredJobCounts, type StoredJobCounts, ensureJobListIndex, findJob, type JobVisibility, type JobRow, type JobListFilter, type JobStateCount, type JobRef } from './jobs.ts';
export { createJobControl, type JobControl, type JobSchedule } from './control.ts';
