import { adminProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { ZChangeRoleInputSchema, ZRemoveMemberInputSchema } from './change-role.schema.ts';
import { changeRoleHandler, listMembersHandler, removeMemberHandler } from './members.handler.ts';

export const membersRouter = router({
  list: adminProcedure.query(listMembersHandler),
  changeRole: adminProcedure.input(ZChangeRoleInputSchema).mutation(changeRoleHandler),
  remove: adminProcedure.input(ZRemoveMemberInputSchema).mutation(removeMemberHandler),
});
