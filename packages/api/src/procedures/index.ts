export { publicProcedure } from './public-procedure.ts';
export { authedProcedure, operatorProcedure, adminProcedure, roleProcedure, type AuthedContext, type AdminContext } from './authed-procedure.ts';
export { ownerProcedure, OWNER_ONLY_MESSAGE } from './owner-procedure.ts';
