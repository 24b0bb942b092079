import { Invalid, PROVIDER_KEY_FIELDS, type ProviderKeyFields, type ProviderKeyKind } from '@switchboard/core';
import { openSecret, sealSecret } from '@switchboard/core/crypto';
import type { Sql, TransactionSql } from '../client.ts';
import { readSealedProviderKey } from '../queries/provider-keys.ts';

const NO_MASTER_KEY = 'Provider keys cannot be stored until SWITCHBOARD_SECRET is set (pnpm start generates one in the data directory).';

/** The sealed value is bound to its workspace and provider, so a copied row does not decrypt elsewhere. */
function context(workspaceId: string, provider: ProviderKeyKind): string {
  return `${workspaceId}:${provider}`;
}

export function sealProviderKey(masterKey: Buffer | null, workspaceId: string, provider: ProviderKeyKind, fields: ProviderKeyFields): string {
  if (!masterKey) throw new Invalid(NO_MASTER_KEY);
  return sealSecret(JSON.stringify(fields), masterKey, context(workspaceId, provider));
}

/** A workspace's own key for a provider, decrypted, or null when it has none. */
export async function openProviderKey<K extends ProviderKeyKind>(
  sql: Sql | TransactionSql,
  masterKey: Buffer | null,
  workspaceId: string,
  provider: K,
): Promise<ProviderKeyFields<K> | null> {
  const sealed = await readSealedProviderKey(sql, workspaceId, provider);
  if (!sealed) return null;
  if (!masterKey) throw new Invalid(NO_MASTER_KEY);
  const fields: unknown = JSON.parse(openSecret(sealed, masterKey, context(workspaceId, provider)));
  return PROVIDER_KEY_FIELDS[provider].parse(fields) as ProviderKeyFields<K>;
}
