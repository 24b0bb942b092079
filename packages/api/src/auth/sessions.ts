import { sessionNeedsTouch, sessionsBeyondCap, sessionState } from '@switchboard/core';
import { generateToken, hashToken } from '@switchboard/core/crypto';
import {
  createSession,
  findSession,
  lockUserSessions,
  revokeSession,
  revokeSessions,
  touchSession,
  unrevokedSessionsOfUser,
  type Sql,
  type TransactionSql,
} from '@switchboard/db';
import type { CurrentWorkspace, RequestOrigin, SessionUser } from '../context.ts';

export const SESSION_COOKIE = 'sb_session';

/**
 * A new session id for every sign-in; only its hash is stored. Returns the cookie value.
 * The user's oldest sessions beyond the cap end in the same transaction, under a per-user lock,
 * so however many sign-ins arrive at once the user never holds more than the cap.
 */
export async function startSession(
  tx: TransactionSql,
  input: { userId: string; workspaceId: string | null } & RequestOrigin,
  now = new Date(),
): Promise<string> {
  const token = generateToken();
  const tokenHash = hashToken(token);
  await lockUserSessions(tx, input.userId);
  await createSession(tx, { tokenHash, ...input });
  const beyondCap = sessionsBeyondCap(await unrevokedSessionsOfUser(tx, input.userId), tokenHash, now);
  await revokeSessions(tx, input.userId, beyondCap);
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
