import { roleAllows, type Role } from '@switchboard/core';
import { TRPCError } from '@trpc/server';
import type { Context, CurrentWorkspace, SessionUser } from '../context.ts';
import { publicProcedure } from './public-procedure.ts';

/** Needs a signed-in user with a current workspace; narrows both to non-null for the handler. */
export const authedProcedure = publicProcedure.meta({ access: 'viewer' }).use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  if (!ctx.workspace) throw new TRPCError({ code: 'FORBIDDEN', message: 'Choose a workspace first.' });
  return next({ ctx: { ...ctx, user: ctx.user, workspace: ctx.workspace } });
});

/** An authed procedure that also needs at least `role` in the current workspace. */
export function roleProcedure(role: Role) {
  return authedProcedure.meta({ access: role }).use(({ ctx, next }) => {
    if (!roleAllows(ctx.user.role, role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${role} role in ${ctx.workspace.name}.` });
    }
    return next();
  });
}

export const operatorProcedure = roleProcedure('operator');
export const adminProcedure = roleProcedure('admin');

/** The context an admin (or any authed) procedure's handler receives: user and workspace are set. */
export type AuthedContext = Context & { user: SessionUser; workspace: CurrentWorkspace };
export type AdminContext = AuthedContext;
