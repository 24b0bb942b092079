import { publicProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { pingHandler } from './ping.handler.ts';
import { ZPingInputSchema } from './ping.schema.ts';
import { statusHandler } from './status.handler.ts';

// Public until sign-in exists (issue 3 moves these behind authed/admin procedures).
export const systemRouter = router({
  status: publicProcedure.query(statusHandler),
  ping: publicProcedure.input(ZPingInputSchema).mutation(pingHandler),
  /** Sandbox or live per provider: cheap (no database), for the banner on every page. */
  providers: publicProcedure.query(({ ctx }) => ctx.providers),
});
