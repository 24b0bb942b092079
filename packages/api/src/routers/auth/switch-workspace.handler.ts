import { NotFound } from '@switchboard/core';
import { listMemberships, switchSessionWorkspace } from '@switchboard/db';
import { hashToken } from '@switchboard/core/crypto';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TSwitchWorkspaceInputSchema } from './switch-workspace.schema.ts';

/** Moves this session to another of the user's workspaces; someone else's workspace is simply not found. */
export async function switchWorkspaceHandler({ ctx, input }: { ctx: AuthedContext; input: TSwitchWorkspaceInputSchema }) {
  const memberships = await listMemberships(ctx.db, ctx.user.id);
  const target = memberships.find((membership) => membership.workspaceId === input.workspaceId);
  if (!target) throw new NotFound('Workspace not found.');
  if (!ctx.sessionToken) throw new NotFound('Switching workspace needs a signed-in browser session.');
  await switchSessionWorkspace(ctx.db, hashToken(ctx.sessionToken), target.workspaceId);
  return { workspaceId: target.workspaceId, role: target.role };
}
