import { Forbidden, matchAllowlist } from '@switchboard/core';
import { addMember, allowlistEntriesFor, listMemberships, memberWorkspaceIdsByEmail, type Membership, type Sql, type TransactionSql } from '@switchboard/db';

export const NOT_ALLOWLISTED_MESSAGE = 'This email is not on the allowlist. Ask an admin to allowlist you.';

/** Refuses anyone the allowlist does not name; nothing is created for them. */
export async function assertAllowlisted(sql: Sql | TransactionSql, email: string): Promise<void> {
  if (!(await isAllowlisted(sql, email))) throw new Forbidden(NOT_ALLOWLISTED_MESSAGE);
}

export async function isAllowlisted(sql: Sql | TransactionSql, email: string): Promise<boolean> {
  return matchAllowlist(email, await allowlistEntriesFor(sql, email)).length > 0;
}

/**
 * Gives the user a membership in every workspace whose allowlist names them (the most specific
 * entry's role wins) and returns all their memberships. Existing memberships keep their role.
 */
export async function admitThroughAllowlist(sql: Sql | TransactionSql, user: { id: string; email: string }): Promise<Membership[]> {
  const matches = matchAllowlist(user.email, await allowlistEntriesFor(sql, user.email));
  const seen = new Set<string>();
  for (const entry of matches) {
    if (seen.has(entry.workspaceId)) continue;
    seen.add(entry.workspaceId);
    await addMember(sql, { workspaceId: entry.workspaceId, userId: user.id, role: entry.role });
  }
  return listMemberships(sql, user.id);
}

/**
 * The workspaces a sign-in link for `email` opens: those the person is a member of, and those whose
 * allowlist would admit them on first use. Only admins of all of them may read the link in the outbox.
 */
export async function workspacesOpenedBy(sql: Sql | TransactionSql, email: string): Promise<string[]> {
  return (await addressAudience(sql, email)).workspaceIds;
}

/**
 * Whether the allowlist names `email`, and the workspaces signing in as it opens (those whose allowlist
 * names it, and those its account is a member of): the workspaces whose admins a link for it, or a
 * failed sign-in as it, concerns. The same two reads whatever the answer, and whether or not an account
 * exists, so asking costs the same for an address that may sign in and one that may not.
 */
export async function addressAudience(sql: Sql | TransactionSql, email: string): Promise<{ allowlisted: boolean; workspaceIds: string[] }> {
  const allowlisted = matchAllowlist(email, await allowlistEntriesFor(sql, email)).map((entry) => entry.workspaceId);
  const member = await memberWorkspaceIdsByEmail(sql, email);
  return { allowlisted: allowlisted.length > 0, workspaceIds: [...new Set([...allowlisted, ...member])] };
}
