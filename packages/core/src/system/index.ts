export {
  SYSTEM_CONFIG_SCHEMA,
  SYSTEM_CONFIG_DEFAULTS,
  resolveSystemConfig,
  isSystemConfigKey,
  type SystemConfig,
  type SystemConfigKey,
} from './system-config.ts';
export {
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_STALE_AFTER_MS,
  HEARTBEAT_STOPPED_AFTER_MS,
  STOPPED_WORKER_LISTED_FOR_MS,
  workerLiveness,
  isWorkerListed,
  type WorkerLiveness,
} from './worker-liveness.ts';
export { isTimeZone } from './time-zone.ts';
