import { Conflict, NotFound } from '@switchboard/core';
import { countAdminsForUpdate, findMember, listMembers, removeMember, setMemberRole } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AdminContext } from '../../procedures/index.ts';
import type { TChangeRoleInputSchema, TRemoveMemberInputSchema } from './change-role.schema.ts';

const LAST_ADMIN = 'A workspace needs at least one admin: make someone else admin first.';

export function listMembersHandler({ ctx }: { ctx: AdminContext }) {
  return listMembers(ctx.db, ctx.workspace.id);
}

export async function changeRoleHandler({ ctx, input }: { ctx: AdminContext; input: TChangeRoleInputSchema }) {
  return ctx.db.begin(async (tx) => {
    const member = await findMember(tx, ctx.workspace.id, input.userId);
    if (!member) throw new NotFound('That person is not a member of this workspace.');
    if (member.role === input.role) return member;
    if (member.role === 'admin' && (await countAdminsForUpdate(tx, ctx.workspace.id)) <= 1) throw new Conflict(LAST_ADMIN);
    await setMemberRole(tx, ctx.workspace.id, input.userId, input.role);
    await recordAction(tx, ctx, {
      action: 'member.role_change',
      targetType: 'user',
      targetId: input.userId,
      summary: { email: member.email, from: member.role, to: input.role },
    });
    return { ...member, role: input.role };
  });
}

export async function removeMemberHandler({ ctx, input }: { ctx: AdminContext; input: TRemoveMemberInputSchema }) {
  await ctx.db.begin(async (tx) => {
    const member = await findMember(tx, ctx.workspace.id, input.userId);
    if (!member) throw new NotFound('That person is not a member of this workspace.');
    if (member.role === 'admin' && (await countAdminsForUpdate(tx, ctx.workspace.id)) <= 1) throw new Conflict(LAST_ADMIN);
    await removeMember(tx, ctx.workspace.id, input.userId);
    await recordAction(tx, ctx, {
      action: 'member.remove',
      targetType: 'user',
      targetId: input.userId,
      summary: { email: member.email, role: member.role },
    });
  });
  return { removed: true as const };
}
