import { withWorkspaceKeys, type ProviderStatus } from '@switchboard/core';
import { listProviderKeys } from '@switchboard/db';
import type { Context } from '../../context.ts';

/** What really answers per provider for the current workspace: the environment's keys, its own, and how their last tests went. */
export async function effectiveProviders(ctx: Context): Promise<ProviderStatus[]> {
  if (!ctx.workspace) return [...ctx.providers];
  const stored = await listProviderKeys(ctx.db, ctx.workspace.id);
  return withWorkspaceKeys(
    ctx.providers,
    stored.map((key) => ({ provider: key.provider, lastTestOk: key.lastTestOk })),
  );
}
