export { publicProcedure } from './public-procedure.ts';
export { authedProcedure, operatorProcedure, adminProcedure, roleProcedure } from './authed-procedure.ts';
