import { authedProcedure, operatorProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { leadHealthHandler } from './for-lead.handler.ts';
import { ZLeadHealthInputSchema } from './for-lead.schema.ts';
import { listHealthHandler } from './list.handler.ts';
import { ZListHealthInputSchema } from './list.schema.ts';
import { refreshHealthHandler } from './refresh.handler.ts';
import { healthSummaryHandler } from './summary.handler.ts';

// Every member reads the scores, as they read the leads they belong to; the scores are stored, so a
// page or the counts read one index range (not the expensive-call gate). Asking for a refresh queues
// work, so it needs an operator, like starting outreach; it costs one upsert, and at most one refresh
// per workspace waits in the queue, so a flood of requests queues nothing more.
export const healthRouter = router({
  summary: authedProcedure.query(healthSummaryHandler),
  list: authedProcedure.input(ZListHealthInputSchema).query(listHealthHandler),
  forLead: authedProcedure.input(ZLeadHealthInputSchema).query(leadHealthHandler),
  refresh: operatorProcedure.mutation(refreshHealthHandler),
});
