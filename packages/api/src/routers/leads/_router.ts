import { authedProcedure, operatorProcedure } from '../../procedures/index.ts';
import { limitExpensiveCalls } from '../../middlewares/expensive-calls.ts';
import { router } from '../../trpc.ts';
import { approveLeadHandler } from './approve.handler.ts';
import { ZApproveLeadInputSchema } from './approve.schema.ts';
import { bulkPreviewHandler } from './bulk-preview.handler.ts';
import { bulkTransitionHandler } from './bulk-transition.handler.ts';
import { ZBulkPreviewInputSchema, ZBulkTransitionInputSchema } from './bulk.schema.ts';
import { exportLeadsHandler } from './export.handler.ts';
import { ZExportLeadsInputSchema } from './export.schema.ts';
import { getLeadHandler } from './get.handler.ts';
import { ZGetLeadInputSchema } from './get.schema.ts';
import { importGetHandler } from './import-get.handler.ts';
import { importListHandler } from './import-list.handler.ts';
import { importRejectionsHandler } from './import-rejections.handler.ts';
import { importStartHandler } from './import-start.handler.ts';
import { ZImportGetInputSchema, ZImportRejectionsInputSchema, ZImportStartInputSchema } from './import.schema.ts';
import { listLeadsHandler } from './list.handler.ts';
import { leadMessageHandler } from './message.handler.ts';
import { ZLeadMessageInputSchema } from './message.schema.ts';
import { markLeadRepliedHandler } from './mark-replied.handler.ts';
import { ZMarkLeadRepliedInputSchema } from './mark-replied.schema.ts';
import { ZListLeadsInputSchema } from './list.schema.ts';
import { rejectLeadHandler } from './reject.handler.ts';
import { reopenLeadHandler } from './reopen.handler.ts';
import { ZReopenLeadInputSchema } from './reopen.schema.ts';
import { ZRejectLeadInputSchema } from './reject.schema.ts';
import { leadTimelineHandler } from './timeline.handler.ts';
import { ZLeadTimelineInputSchema } from './timeline.schema.ts';
import { reviewQueueHandler } from './review-queue.handler.ts';
import { ZReviewQueueInputSchema } from './review-queue.schema.ts';

export const leadsRouter = router({
  list: authedProcedure.use(limitExpensiveCalls).input(ZListLeadsInputSchema).query(listLeadsHandler),
  exportPage: authedProcedure.use(limitExpensiveCalls).input(ZExportLeadsInputSchema).query(exportLeadsHandler),
  get: authedProcedure.input(ZGetLeadInputSchema).query(getLeadHandler),
  timeline: authedProcedure.input(ZLeadTimelineInputSchema).query(leadTimelineHandler),
  message: authedProcedure.input(ZLeadMessageInputSchema).query(leadMessageHandler),
  reviewQueue: authedProcedure.use(limitExpensiveCalls).input(ZReviewQueueInputSchema).query(reviewQueueHandler),
  approve: operatorProcedure.input(ZApproveLeadInputSchema).mutation(approveLeadHandler),
  reject: operatorProcedure.input(ZRejectLeadInputSchema).mutation(rejectLeadHandler),
  reopen: operatorProcedure.input(ZReopenLeadInputSchema).mutation(reopenLeadHandler),
  markReplied: operatorProcedure.input(ZMarkLeadRepliedInputSchema).mutation(markLeadRepliedHandler),
  bulkPreview: authedProcedure.use(limitExpensiveCalls).input(ZBulkPreviewInputSchema).query(bulkPreviewHandler),
  bulkTransition: operatorProcedure.use(limitExpensiveCalls).input(ZBulkTransitionInputSchema).mutation(bulkTransitionHandler),
  imports: authedProcedure.query(importListHandler),
  importGet: authedProcedure.input(ZImportGetInputSchema).query(importGetHandler),
  importStart: operatorProcedure.input(ZImportStartInputSchema).mutation(importStartHandler),
  importRejections: authedProcedure.input(ZImportRejectionsInputSchema).query(importRejectionsHandler),
});
