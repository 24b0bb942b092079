import { authedProcedure, operatorProcedure, publicProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { pingHandler } from './ping.handler.ts';
import { ZPingInputSchema } from './ping.schema.ts';
import { effectiveProviders } from './providers.ts';
import { statusHandler } from './status.handler.ts';

export const systemRouter = router({
  status: authedProcedure.query(statusHandler),
  ping: operatorProcedure.input(ZPingInputSchema).mutation(pingHandler),
  /** Sandbox or live per provider: cheap (no database), for the banner on every page. */
  providers: publicProcedure.query(({ ctx }) => effectiveProviders(ctx)),
});
