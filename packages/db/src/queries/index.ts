export { getDatabaseInfo, getSystemConfig, type DatabaseInfo } from './system.ts';
export {
  recordHeartbeat,
  listRecentHeartbeats,
  deleteHeartbeatsOlderThan,
  type WorkerHeartbeat,
  type HeartbeatInput,
} from './worker-heartbeats.ts';
