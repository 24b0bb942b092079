import { withWorkspaceKeys, type ProviderStatus } from '@switchboard/core';
import { listEnvironmentKeyTests, listProviderKeys } from '@switchboard/db';
import type { Context } from '../../context.ts';

/** What really answers per provider for the current workspace: the environment's keys, its own, and how their last tests went. */
export async function effectiveProviders(ctx: Context): Promise<ProviderStatus[]> {
  // Signed out (the sign-in page's banner): no database read, so the page still renders while it is down.
  if (!ctx.workspace) return [...ctx.providers];
  const [stored, environmentTests] = await Promise.all([listProviderKeys(ctx.db, ctx.workspace.id), listEnvironmentKeyTests(ctx.db)]);
  return withWorkspaceKeys(
    ctx.providers,
    stored.map((key) => ({ provider: key.provider, lastTestOk: key.lastTestOk })),
    environmentTests,
  );
}
