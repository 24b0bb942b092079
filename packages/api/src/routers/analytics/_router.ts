import { limitExpensiveCalls } from '../../middlewares/expensive-calls.ts';
import { authedProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { analyticsExportHandler, analyticsReportHandler } from './report.handler.ts';
import { ZAnalyticsExportInputSchema, ZAnalyticsReportInputSchema } from './report.schema.ts';

// Everyone in the workspace reads how its outreach went, as they read its campaigns. The export
// reads the same bounded range (at most 92 days) and is limited like other exports.
export const analyticsRouter = router({
  report: authedProcedure.input(ZAnalyticsReportInputSchema).query(analyticsReportHandler),
  export: authedProcedure.use(limitExpensiveCalls).input(ZAnalyticsExportInputSchema).query(analyticsExportHandler),
});
