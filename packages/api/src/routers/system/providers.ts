import { HEARTBEAT_STOPPED_AFTER_MS, withWorkspaceKeys, workerLiveness, type ProviderStatus } from '@switchboard/core';
import { listEnvironmentKeyTests, listProviderKeys, listRecentHeartbeats } from '@switchboard/db';
import type { Context } from '../../context.ts';

/**
 * What really answers per provider for the current workspace: the environment's keys as the worker
 * that makes the calls has them (the freshest running worker that said; the web server's own
 * reading without one), the workspace's own keys, and how the last tests of both went.
 */
export async function effectiveProviders(ctx: Context): Promise<ProviderStatus[]> {
  // Signed out (the sign-in page's banner): no database read, so the page still renders while it is down,
  // and only whether each provider is live or local: which service and model answer is for members.
  if (!ctx.workspace) return ctx.providers.map(({ provider, mode }) => ({ provider, mode, via: '' }));
  const [stored, environmentTests, heartbeats] = await Promise.all([
    listProviderKeys(ctx.db, ctx.workspace.id),
    listEnvironmentKeyTests(ctx.db),
    listRecentHeartbeats(ctx.db, HEARTBEAT_STOPPED_AFTER_MS),
  ]);
  // Most recent first; a stopped worker's environment no longer makes any call.
  const fromWorker = heartbeats.find((heartbeat) => workerLiveness(heartbeat.ageMs) !== 'stopped' && heartbeat.providers !== null)?.providers;
  return withWorkspaceKeys(
    fromWorker ?? ctx.providers,
    stored.map((key) => ({ provider: key.provider, lastTestOk: key.lastTestOk })),
    environmentTests,
  );
}
