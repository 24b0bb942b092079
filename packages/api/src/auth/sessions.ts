import { sessionNeedsTouch, sessionState } from '@switchboard/core';
import { generateToken, hashToken } from '@switchboard/core/crypto';
import { createSession, findSession, revokeSession, touchSession, type Sql, type TransactionSql } from '@switchboard/db';
import type { CurrentWorkspace, RequestOrigin, SessionUser } from '../context.ts';

export const SESSION_COOKIE = 'sb_session';

/** A new session id for every sign-in; only its hash is stored. Returns the cookie value. */
export async function startSession(
  sql: Sql | TransactionSql,
  input: { userId: string; workspaceId: string | null } & RequestOrigin,
): Promise<string> {
  const token = generateToken();
  await createSession(sql, { tokenHash: hashToken(token), ...input });
  return token;
}

export interface ResolvedSession {
  tokenHash: string;
  user: SessionUser | null;
  workspace: CurrentWorkspace | null;
}

/**
 * The signed-in user behind a cookie value, or null when the session is unknown, revoked, expired
 * (idle or absolute) or the user is disabled. Refreshes the idle deadline at most every few minutes.
 */
export async function resolveSession(sql: Sql, token: string, now = new Date()): Promise<ResolvedSession | null> {
  const tokenHash = hashToken(token);
  const session = await findSession(sql, tokenHash);
  if (!session || session.userDisabledAt || sessionState(session, now) !== 'active') return null;
  if (sessionNeedsTouch(session, now)) await touchSession(sql, tokenHash);
  return {
    tokenHash,
    user: session.role ? { id: session.userId, email: session.email, role: session.role } : null,
    workspace:
      session.workspaceId && session.role
        ? { id: session.workspaceId, name: session.workspaceName ?? '', slug: session.workspaceSlug ?? '' }
        : null,
  };
}

export async function endSession(sql: Sql, token: string): Promise<void> {
  await revokeSession(sql, hashToken(token));
}
