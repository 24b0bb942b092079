import { adminProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { listAuditHandler } from './list.handler.ts';
import { ZListAuditInputSchema } from './list.schema.ts';

export const auditRouter = router({
  list: adminProcedure.input(ZListAuditInputSchema).query(listAuditHandler),
});
