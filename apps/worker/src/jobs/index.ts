import type { CatalogOf } from '../framework/define-job.ts';
import { sendAuthLinkJob } from './auth.send-link.ts';
import { discoveryPlacesJob } from './discovery.places.ts';
import { discoveryRecoverJob } from './discovery.recover.ts';
import { discoveryScrapeJob } from './discovery.scrape.ts';
import { discoverySearchJob } from './discovery.search.ts';
import { importLeadsJob } from './leads.import.ts';
import { testProviderKeyJob } from './providers.test-key.ts';
import { heartbeatJob } from './system.heartbeat.ts';
import { pingJob } from './system.ping.ts';
import { pruneHeartbeatsJob } from './system.prune-heartbeats.ts';

/** Every queue the worker drains. Adding a job file means adding it here. */
export const jobs = [
  heartbeatJob,
  pingJob,
  pruneHeartbeatsJob,
  sendAuthLinkJob,
  testProviderKeyJob,
  discoverySearchJob,
  discoveryPlacesJob,
  discoveryScrapeJob,
  discoveryRecoverJob,
  importLeadsJob,
] as const;

/** Queue name → payload, for typed producers (`Enqueue<JobCatalog>`). */
export type JobCatalog = CatalogOf<typeof jobs>;
export type QueueName = keyof JobCatalog;
