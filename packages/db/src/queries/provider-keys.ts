import type { ProviderKeyKind } from '@switchboard/core';
import type { Db } from '../client.ts';


export interface StoredProviderKey {
  provider: ProviderKeyKind;
  hint: string;
  updatedAt: Date;
  /** Null until "Test connection" has run on this key. */
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
  lastTestedAt: Date | null;
}

export async function saveProviderKey(
  sql: Db,
  input: { workspaceId: string; provider: ProviderKeyKind; sealed: string; hint: string; updatedBy: string },
): Promise<void> {
  await sql`
    insert into provider_keys (workspace_id, provider, sealed, hint, updated_by)
    values (${input.workspaceId}, ${input.provider}, ${input.sealed}, ${input.hint}, ${input.updatedBy})
    on conflict (workspace_id, provider) do update
      set sealed = excluded.sealed, hint = excluded.hint, updated_by = excluded.updated_by, updated_at = now(),
          -- A new key has not been tested yet, whatever the old one's result was.
          last_test_ok = null, last_test_message = null, last_tested_at = null`;
}

/** Which keys a workspace has, by hint only; the sealed values never leave this package's callers. */
export async function listProviderKeys(sql: Db, workspaceId: string): Promise<StoredProviderKey[]> {
  return sql<StoredProviderKey[]>`
    select provider, hint, updated_at as "updatedAt",
           last_test_ok as "lastTestOk", last_test_message as "lastTestMessage", last_tested_at as "lastTestedAt"
    from provider_keys where workspace_id = ${workspaceId} order by provider`;
}

/**
 * Stores a test result on the key that was tested. A key saved after the test began is a different
 * key, so the result is dropped rather than pinned on it.
 */
export async function recordProviderKeyTest(
  sql: Db,
  input: { workspaceId: string; provider: ProviderKeyKind; ok: boolean; message: string; testStartedAt: Date },
): Promise<boolean> {
  const result = await sql`
    update provider_keys
    set last_test_ok = ${input.ok}, last_test_message = ${input.message}, last_tested_at = now()
    where workspace_id = ${input.workspaceId} and provider = ${input.provider} and updated_at <= ${input.testStartedAt}`;
  return result.count === 1;
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

/** How the last "Test connection" of the environment's key of one kind went. */
export interface EnvironmentKeyTest {
  provider: ProviderKeyKind;
  ok: boolean;
  message: string;
  testedAt: Date;
}

/** Keeps the outcome of testing the environment's key; `keyFingerprint` names which key that was. */
export async function recordEnvironmentKeyTest(
  sql: Db,
  input: { provider: ProviderKeyKind; keyFingerprint: string; ok: boolean; message: string },
): Promise<void> {
  await sql`
    insert into environment_key_tests (provider, key_fingerprint, ok, message, tested_at)
    values (${input.provider}, ${input.keyFingerprint}, ${input.ok}, ${input.message}, now())
    on conflict (provider) do update
      set key_fingerprint = excluded.key_fingerprint, ok = excluded.ok, message = excluded.message, tested_at = excluded.tested_at`;
}

export async function listEnvironmentKeyTests(sql: Db): Promise<EnvironmentKeyTest[]> {
  return sql<EnvironmentKeyTest[]>`
    select provider, ok, message, tested_at as "testedAt" from environment_key_tests order by provider`;
}

/**
 * Forgets the results that are not about the keys the environment holds now (`current`: kind →
 * fingerprint). The worker calls it at start-up: a replaced key has not been tested yet.
 */
export async function forgetStaleEnvironmentKeyTests(sql: Db, current: Partial<Record<ProviderKeyKind, string>>): Promise<number> {
  const kinds = Object.keys(current);
  const fingerprints = kinds.map((kind) => current[kind as ProviderKeyKind]!);
  const result = await sql`
    delete from environment_key_tests
    where (provider, key_fingerprint) not in (
      select * from unnest(${kinds}::text[], ${fingerprints}::text[])
    )`;
  return result.count;
}
