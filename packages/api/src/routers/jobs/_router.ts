import { limitExpensiveCalls } from '../../middlewares/expensive-calls.ts';
import { adminProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { getJobHandler } from './get.handler.ts';
import { ZGetJobInputSchema } from './get.schema.ts';
import { listJobsHandler } from './list.handler.ts';
import { ZListJobsInputSchema } from './list.schema.ts';
import { overviewHandler } from './overview.handler.ts';
import { retryJobHandler } from './retry.handler.ts';
import { ZRetryJobInputSchema } from './retry.schema.ts';

// Admins only: a job's error can name internals (hosts, provider answers) that operators and viewers
// do not otherwise see, and retrying is an installation-level action on the queue.
export const jobsRouter = router({
  overview: adminProcedure.use(limitExpensiveCalls).query(overviewHandler),
  list: adminProcedure.use(limitExpensiveCalls).input(ZListJobsInputSchema).query(listJobsHandler),
  get: adminProcedure.input(ZGetJobInputSchema).query(getJobHandler),
  retry: adminProcedure.input(ZRetryJobInputSchema).mutation(retryJobHandler),
});
