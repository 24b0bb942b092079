import { authedProcedure, operatorProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { pauseDiscoveryHandler } from './pause.handler.ts';
import { discoveryProgressHandler } from './progress.handler.ts';
import { resumeDiscoveryHandler } from './resume.handler.ts';
import { ZRunInputSchema } from './run.schema.ts';
import { listRunsHandler } from './runs.handler.ts';
import { ZListRunsInputSchema } from './runs.schema.ts';
import { startDiscoveryHandler } from './start.handler.ts';
import { ZStartDiscoveryInputSchema } from './start.schema.ts';

export const discoveryRouter = router({
  start: operatorProcedure.input(ZStartDiscoveryInputSchema).mutation(startDiscoveryHandler),
  pause: operatorProcedure.input(ZRunInputSchema).mutation(pauseDiscoveryHandler),
  resume: operatorProcedure.input(ZRunInputSchema).mutation(resumeDiscoveryHandler),
  progress: authedProcedure.input(ZRunInputSchema).query(discoveryProgressHandler),
  runs: authedProcedure.input(ZListRunsInputSchema).query(listRunsHandler),
});
