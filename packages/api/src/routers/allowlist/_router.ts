import { adminProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { addAllowlistEntryHandler, listAllowlistHandler, removeAllowlistEntryHandler } from './allowlist.handler.ts';
import { ZAddAllowlistEntryInputSchema, ZRemoveAllowlistEntryInputSchema } from './allowlist.schema.ts';

export const allowlistRouter = router({
  list: adminProcedure.query(listAllowlistHandler),
  add: adminProcedure.input(ZAddAllowlistEntryInputSchema).mutation(addAllowlistEntryHandler),
  remove: adminProcedure.input(ZRemoveAllowlistEntryInputSchema).mutation(removeAllowlistEntryHandler),
});
