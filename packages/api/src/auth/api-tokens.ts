import { roleAllows, type Role } from '@switchboard/core';
import { generateToken, hashToken } from '@switchboard/core/crypto';
import { findApiTokenGrant, touchApiToken, type Sql } from '@switchboard/db';
import type { CurrentWorkspace, SessionUser } from '../context.ts';

export const API_TOKEN_PREFIX = 'sbt_';
const TOUCH_INTERVAL_MS = 60_000;

export function newApiToken(): { token: string; tokenHash: string } {
  const token = generateToken(API_TOKEN_PREFIX);
  return { token, tokenHash: hashToken(token) };
}

/** The lower of two roles. */
function weaker(a: Role, b: Role): Role {
  return roleAllows(a, b) ? b : a;
}

/** Who an `Authorization: Bearer` token acts as, or null for an unknown, revoked or expired one. */
export async function resolveApiToken(
  sql: Sql,
  token: string,
): Promise<{ user: SessionUser; workspace: CurrentWorkspace; tokenName: string } | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const grant = await findApiTokenGrant(sql, hashToken(token));
  if (!grant?.memberRole) return null;
  if (!grant.lastUsedAt || Date.now() - grant.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) await touchApiToken(sql, grant.tokenId);
  return {
    user: { id: grant.userId, email: grant.email, role: weaker(grant.tokenRole, grant.memberRole) },
    workspace: { id: grant.workspaceId, name: grant.workspaceName, slug: grant.workspaceSlug },
    tokenName: grant.name,
  };
}
