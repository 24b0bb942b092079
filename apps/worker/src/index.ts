export { startWorker, DEFAULT_THROUGHPUT, type RunningWorker, type WorkerOptions } from './framework/start-worker.ts';
export { defineJob, type JobDefinition, type AnyJobDefinition, type JobContext, type JobRunContext, type CatalogOf } from './framework/define-job.ts';
export { startSwitchboardWorker, type SwitchboardWorkerOptions } from './worker.ts';
export type { WorkerServices, WorkerJobContext } from './services.ts';
export { startHeartbeat } from './heartbeat.ts';
export { jobs } from './jobs/index.ts';
export { sandboxEmail } from './adapters/email/index.ts';
export { runLeadImport, IMPORT_CHUNK_ROWS, type LeadImportServices } from './lead-import/run-import.ts';
export { refreshWorkspaceHealth, HEALTH_REFRESH_BATCH, type HealthRefreshOutcome } from './health/refresh-health.ts';
