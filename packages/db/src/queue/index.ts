export { createBoss, QUEUE_SCHEMA, type QueueRole, type PgBoss } from './boss.ts';
export { createEnqueue, type Enqueue, type EnqueueOptions } from './enqueue.ts';
export { readQueueCounts, type QueueCounts } from './counts.ts';
