import { adminProcedure } from '../../procedures/index.ts';
import { limitExpensiveCalls } from '../../middlewares/expensive-calls.ts';
import { router } from '../../trpc.ts';
import { listAuditHandler } from './list.handler.ts';
import { ZListAuditInputSchema } from './list.schema.ts';

export const auditRouter = router({
  list: adminProcedure.use(limitExpensiveCalls).input(ZListAuditInputSchema).query(listAuditHandler),
});
