import { limitExpensiveCalls } from '../../middlewares/expensive-calls.ts';
import { authedProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { listInboxHandler } from './list.handler.ts';
import { ZListInboxInputSchema } from './list.schema.ts';

// Every member reads the replies, as they read the leads and campaigns the replies belong to. A page
// reads one index range (kind, campaign or all), however deep; a search for a common word reads every
// message it matches, so it is limited like the other expensive reads.
export const inboxRouter = router({
  list: authedProcedure.use(limitExpensiveCalls).input(ZListInboxInputSchema).query(listInboxHandler),
});
