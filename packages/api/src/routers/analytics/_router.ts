import { limitExpensiveCalls } from '../../middlewares/expensive-calls.ts';
import { authedProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { analyticsExportHandler, analyticsReportHandler } from './report.handler.ts';
import { ZAnalyticsExportInputSchema, ZAnalyticsReportInputSchema } from './report.schema.ts';

// Everyone in the workspace reads how its outreach went, as they read its campaigns. The report and
// the export read the same bounded range (at most 92 days of sends, hundreds of ms on a big
// workspace), so both are limited like other expensive reads: parallel or batched calls each count.
export const analyticsRouter = router({
  report: authedProcedure.use(limitExpensiveCalls).input(ZAnalyticsReportInputSchema).query(analyticsReportHandler),
  export: authedProcedure.use(limitExpensiveCalls).input(ZAnalyticsExportInputSchema).query(analyticsExportHandler),
});
