import { adminProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { createTokenHandler, listTokensHandler, revokeTokenHandler } from './tokens.handler.ts';
import { ZCreateTokenInputSchema, ZRevokeTokenInputSchema } from './tokens.schema.ts';

export const tokensRouter = router({
  list: adminProcedure.query(listTokensHandler),
  create: adminProcedure.input(ZCreateTokenInputSchema).mutation(createTokenHandler),
  revoke: adminProcedure.input(ZRevokeTokenInputSchema).mutation(revokeTokenHandler),
});
