import { adminProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { listKeysHandler, removeKeyHandler, setKeyHandler, testKeyHandler } from './keys.handler.ts';
import { ZProviderInputSchema, ZSetKeyInputSchema } from './keys.schema.ts';

export const keysRouter = router({
  list: adminProcedure.query(listKeysHandler),
  set: adminProcedure.input(ZSetKeyInputSchema).mutation(setKeyHandler),
  remove: adminProcedure.input(ZProviderInputSchema).mutation(removeKeyHandler),
  test: adminProcedure.input(ZProviderInputSchema).mutation(testKeyHandler),
});
