import { withWorkspaceKeys, type ProviderStatus } from '@switchboard/core';
import { listProviderKeys } from '@switchboard/db';
import type { Context } from '../../context.ts';

/** Live or sandbox per provider for the current workspace: its own keys count as well as the environment's. */
export async function effectiveProviders(ctx: Context): Promise<ProviderStatus[]> {
  if (!ctx.workspace) return [...ctx.providers];
  const stored = await listProviderKeys(ctx.db, ctx.workspace.id);
  return withWorkspaceKeys(ctx.providers, stored.map((key) => key.provider));
}
