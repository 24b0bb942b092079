export { startWorker, DEFAULT_THROUGHPUT, type RunningWorker, type WorkerOptions } from './framework/start-worker.ts';
export { defineJob, type JobDefinition, type AnyJobDefinition, type JobContext, type CatalogOf } from './framework/define-job.ts';
export { startHeartbeat } from './heartbeat.ts';
export { jobs, type JobCatalog, type QueueName } from './jobs/index.ts';
export { sandboxEmail } from './adapters/email/index.ts';
export { runLeadImport, IMPORT_CHUNK_ROWS, type LeadImportServices } from './lead-import/run-import.ts';
