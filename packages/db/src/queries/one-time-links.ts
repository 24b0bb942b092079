import type { Db } from '../client.ts';


export type LinkPurpose = 'sign_in' | 'password_reset' | 'setup';

export async function createOneTimeLink(
  sql: Db,
  input: { tokenHash: string; purpose: LinkPurpose; email: string | null; ttlMs: number; nextPath?: string | null },
): Promise<void> {
  await sql`
    insert into one_time_links (token_hash, purpose, email, expires_at, next_path)
    values (${input.tokenHash}, ${input.purpose}, ${input.email}, now() + make_interval(secs => ${input.ttlMs / 1000}), ${input.nextPath ?? null})`;
}

/**
 * Marks a link used and returns it, in one statement, so two clicks cannot both succeed. Returns
 * null for unknown, expired, already used, or wrong-purpose links alike.
 */
export async function consumeOneTimeLink(
  sql: Db,
  tokenHash: string,
  purpose: LinkPurpose,
): Promise<{ email: string | null; nextPath: string | null } | null> {
  const [row]: [{ email: string | null; nextPath: string | null }?] = await sql`
    update one_time_links set used_at = now()
    where token_hash = ${tokenHash} and purpose = ${purpose} and used_at is null and expires_at > now()
    returning email, next_path as "nextPath"`;
  return row ?? null;
}
