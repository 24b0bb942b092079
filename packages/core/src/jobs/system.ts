import { z } from 'zod';
import { PROVIDERS } from '../config/providers.ts';

/** What a worker's own environment makes of each provider (providerStatuses of its config). */
export const ZWorkerProviderStatus = z.object({
  provider: z.enum(PROVIDERS),
  mode: z.enum(['sandbox', 'live', 'unavailable', 'last_test_failed']),
  via: z.string().max(200),
  note: z.string().max(500).optional(),
});

/** Jobs that need nothing but their queue name (cron sweeps). */
export const ZNoPayload = z.object({});

/** A worker process's heartbeat, sent through the queue so a fresh one proves the whole job path works. */
export const ZHeartbeatPayload = z.object({
  workerId: z.string().min(1),
  hostname: z.string().min(1),
  pid: z.number().int().positive(),
  version: z.string(),
  queues: z.array(z.string()),
  startedAt: z.iso.datetime(),
  // Absent until the worker has looked for its browser (unpacking a bundled one takes a moment).
  browser: z.string().max(500).optional(),
  // The providers as the worker's environment configures them: the worker makes the calls, so the System page shows these.
  providers: z.array(ZWorkerProviderStatus).max(PROVIDERS.length).optional(),
});

/** The dashboard's "Ping worker" button. */
export const ZPingPayload = z.object({
  pingId: z.uuid(),
  /** Epoch milliseconds when the request was made, echoed back for the round-trip figure. */
  requestedAt: z.number().int().nonnegative(),
});
