import { appendAudit, revokeUserSessions } from '@switchboard/db';
import { endSession } from '../../auth/sessions.ts';
import type { Context, CurrentWorkspace, SessionUser } from '../../context.ts';

export async function signOutHandler({ ctx }: { ctx: Context }) {
  if (ctx.sessionToken) {
    await endSession(ctx.db, ctx.sessionToken);
    if (ctx.user) {
      await appendAudit(ctx.db, {
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
  const ended = await ctx.db.begin(async (tx) => {
    const count = await revokeUserSessions(tx, ctx.user.id);
    await appendAudit(tx, {
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
