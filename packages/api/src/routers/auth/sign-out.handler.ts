import { Forbidden } from '@switchboard/core';
import { revokeUserSessions } from '@switchboard/db';
import { endSession } from '../../auth/sessions.ts';
import type { Context, CurrentWorkspace, SessionUser } from '../../context.ts';
import { recordEntry } from '../../audit/record.ts';

const TOKENS_CANNOT_END_SESSIONS = 'API tokens cannot end sessions: sign out from a browser.';

/**
 * A signed-in request without a session cookie came with an API token (see the web server's
 * context). A token, whatever its role, must not sign its creator out of their browsers.
 */
function refuseApiTokens(ctx: Pick<Context, 'user' | 'sessionToken'>): void {
  if (ctx.user && !ctx.sessionToken) throw new Forbidden(TOKENS_CANNOT_END_SESSIONS);
}

export async function signOutHandler({ ctx }: { ctx: Context }) {
  refuseApiTokens(ctx);
  if (ctx.sessionToken) {
    await endSession(ctx.db, ctx.sessionToken);
    if (ctx.user) {
      await recordEntry(ctx.db, {
        workspaceId: ctx.workspace?.id ?? null,
        actorUserId: ctx.user.id,
        actorLabel: ctx.user.email,
        action: 'auth.sign_out',
        ip: ctx.origin.ip,
      });
    }
  }
  ctx.cookies.clearSession();
  return { signedOut: true };
}

export async function signOutEverywhereHandler({ ctx }: { ctx: Context & { user: SessionUser; workspace: CurrentWorkspace } }) {
  refuseApiTokens(ctx);
  const ended = await ctx.db.begin(async (tx) => {
    const count = await revokeUserSessions(tx, ctx.user.id);
    await recordEntry(tx, {
      workspaceId: ctx.workspace.id,
      actorUserId: ctx.user.id,
      actorLabel: ctx.user.email,
      action: 'auth.sign_out_everywhere',
      summary: { sessionsEnded: count },
      ip: ctx.origin.ip,
    });
    return count;
  });
  ctx.cookies.clearSession();
  return { sessionsEnded: ended };
}
