import { limitExpensiveCalls } from '../../middlewares/expensive-calls.ts';
import { adminProcedure, operatorProcedure, publicProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { addSuppressionHandler } from './add.handler.ts';
import { ZAddSuppressionInputSchema } from './add.schema.ts';
import { importSuppressionsHandler } from './import.handler.ts';
import { ZImportSuppressionsInputSchema } from './import.schema.ts';
import { exportSuppressionsHandler, listSuppressionsHandler } from './list.handler.ts';
import { ZListSuppressionsInputSchema } from './list.schema.ts';
import { removeSuppressionHandler } from './remove.handler.ts';
import { ZRemoveSuppressionInputSchema } from './remove.schema.ts';
import { unsubscribeLinkHandler } from './unsubscribe-link.handler.ts';
import { ZUnsubscribeLinkInputSchema } from './unsubscribe-link.schema.ts';

// Operators run outreach, so they see the list and add to it (by hand or from a file): adding only
// ever stops email, and the person asking "take me off your list" is usually in an operator's inbox.
// Removing an entry sends email again to someone who may have unsubscribed or complained, so it is an
// admin's decision, and audited like every change.
export const suppressionsRouter = router({
  list: operatorProcedure.input(ZListSuppressionsInputSchema).query(listSuppressionsHandler),
  export: operatorProcedure.use(limitExpensiveCalls).input(ZListSuppressionsInputSchema).query(exportSuppressionsHandler),
  add: operatorProcedure.input(ZAddSuppressionInputSchema).mutation(addSuppressionHandler),
  import: operatorProcedure.use(limitExpensiveCalls).input(ZImportSuppressionsInputSchema).mutation(importSuppressionsHandler),
  remove: adminProcedure.input(ZRemoveSuppressionInputSchema).mutation(removeSuppressionHandler),
  // The public confirmation page behind an unsubscribe link reads through this (a signed token is the key).
  unsubscribeLink: publicProcedure.input(ZUnsubscribeLinkInputSchema).query(unsubscribeLinkHandler),
});
