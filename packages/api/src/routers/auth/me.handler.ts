import { listMemberships } from '@switchboard/db';
import type { Context } from '../../context.ts';

/** Who is signed in, in which workspace, and which other workspaces they can switch to. */
export async function meHandler({ ctx }: { ctx: Context }) {
  if (!ctx.user) return null;
  return {
    user: ctx.user,
    workspace: ctx.workspace,
    memberships: await listMemberships(ctx.db, ctx.user.id),
  };
}
