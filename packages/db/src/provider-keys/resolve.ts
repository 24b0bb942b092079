import type { KeySet, ProviderKeyFields, ProviderKeyKind } from '@switchboard/core';
import type { Sql } from '../client.ts';
import { openProviderKey } from './keyring.ts';

export type ProviderKeyResolver = <K extends ProviderKeyKind>(
  workspaceId: string | null,
  kind: K,
) => Promise<{ fields: ProviderKeyFields<K>; source: 'workspace' | 'environment' } | null>;

/** The key that applies: the workspace's own, else the environment's, else none (the sandbox). */
export function createKeyResolver(sql: Sql, masterKey: Buffer | null, environment: KeySet): ProviderKeyResolver {
  return async (workspaceId, kind) => {
    const own = workspaceId ? await openProviderKey(sql, masterKey, workspaceId, kind) : null;
    if (own) return { fields: own, source: 'workspace' };
    const fromEnvironment = environment[kind];
    return fromEnvironment ? { fields: fromEnvironment as ProviderKeyFields<typeof kind>, source: 'environment' } : null;
  };
}
