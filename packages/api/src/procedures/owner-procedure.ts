import { isInstanceOwner } from '@switchboard/db';
import { TRPCError } from '@trpc/server';
import { adminProcedure } from './authed-procedure.ts';

/** Explains the refusal; the access-matrix test recognises it as an access refusal. */
export const OWNER_ONLY_MESSAGE = 'Only the instance owner can change installation-wide settings.';

/**
 * An admin procedure that also needs the instance owner: for installation-wide changes, which reach
 * every workspace. Ownership belongs to the user, so it is read fresh from the database on each call.
 */
export const ownerProcedure = adminProcedure.meta({ access: 'owner' }).use(async ({ ctx, next }) => {
  if (!(await isInstanceOwner(ctx.db, ctx.user.id))) throw new TRPCError({ code: 'FORBIDDEN', message: OWNER_ONLY_MESSAGE });
  return next();
});
