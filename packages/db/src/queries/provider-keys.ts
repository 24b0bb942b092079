import type { ProviderKeyKind } from '@switchboard/core';
import type { Sql, TransactionSql } from '../client.ts';

type Db = Sql | TransactionSql;

export interface StoredProviderKey {
  provider: ProviderKeyKind;
  hint: string;
  updatedAt: Date;
}

export async function saveProviderKey(
  sql: Db,
  input: { workspaceId: string; provider: ProviderKeyKind; sealed: string; hint: string; updatedBy: string },
): Promise<void> {
  await sql`
    insert into provider_keys (workspace_id, provider, sealed, hint, updated_by)
    values (${input.workspaceId}, ${input.provider}, ${input.sealed}, ${input.hint}, ${input.updatedBy})
    on conflict (workspace_id, provider) do update
      set sealed = excluded.sealed, hint = excluded.hint, updated_by = excluded.updated_by, updated_at = now()`;
}

/** Which keys a workspace has, by hint only; the sealed values never leave this package's callers. */
export async function listProviderKeys(sql: Db, workspaceId: string): Promise<StoredProviderKey[]> {
  return sql<StoredProviderKey[]>`
    select provider, hint, updated_at as "updatedAt" from provider_keys where workspace_id = ${workspaceId} order by provider`;
}

export async function readSealedProviderKey(sql: Db, workspaceId: string, provider: ProviderKeyKind): Promise<string | null> {
  const [row]: [{ sealed: string }?] = await sql`
    select sealed from provider_keys where workspace_id = ${workspaceId} and provider = ${provider}`;
  return row?.sealed ?? null;
}

export async function deleteProviderKey(sql: Db, workspaceId: string, provider: ProviderKeyKind): Promise<boolean> {
  const result = await sql`delete from provider_keys where workspace_id = ${workspaceId} and provider = ${provider}`;
  return result.count === 1;
}
