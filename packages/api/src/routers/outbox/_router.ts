import { adminProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { listOutboxHandler } from './list.handler.ts';
import { revealLinkHandler } from './reveal-link.handler.ts';
import { ZRevealLinkInputSchema } from './reveal-link.schema.ts';

export const outboxRouter = router({
  list: adminProcedure.query(listOutboxHandler),
  revealLink: adminProcedure.input(ZRevealLinkInputSchema).mutation(revealLinkHandler),
});
