import { limitExpensiveCalls } from '../../middlewares/expensive-calls.ts';
import { adminProcedure, authedProcedure, operatorProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { boardHandler } from './board.handler.ts';
import { ZCallBoardInputSchema, ZCallInputSchema, ZCampaignCallsInputSchema, ZCallSettingsInputSchema, ZCallSpendInputSchema, ZQueueCallsInputSchema, ZSpendAlertInputSchema } from './calls.schema.ts';
import { cancelCallHandler } from './cancel.handler.ts';
import { getCallHandler } from './get.handler.ts';
import { queueCallsHandler, queuePreviewHandler } from './queue.handler.ts';
import { callSettingsHandler, setSpendAlertHandler, updateCallSettingsHandler } from './settings.handler.ts';
import { spendHandler } from './spend.handler.ts';

// Everyone in the workspace reads its calls (the board, a call's page, spend); operators queue and
// cancel calls and set a campaign's call settings, as they run outreach; the workspace's spend alert is an admin's.
export const callsRouter = router({
  queueForCampaign: operatorProcedure.input(ZQueueCallsInputSchema).mutation(queueCallsHandler),
  queuePreview: authedProcedure.use(limitExpensiveCalls).input(ZCampaignCallsInputSchema).query(queuePreviewHandler),
  board: authedProcedure.use(limitExpensiveCalls).input(ZCallBoardInputSchema).query(boardHandler),
  get: authedProcedure.input(ZCallInputSchema).query(getCallHandler),
  cancel: operatorProcedure.input(ZCallInputSchema).mutation(cancelCallHandler),
  settings: authedProcedure.input(ZCampaignCallsInputSchema).query(callSettingsHandler),
  updateSettings: operatorProcedure.input(ZCallSettingsInputSchema).mutation(updateCallSettingsHandler),
  spend: authedProcedure.use(limitExpensiveCalls).input(ZCallSpendInputSchema).query(spendHandler),
  setSpendAlert: adminProcedure.input(ZSpendAlertInputSchema).mutation(setSpendAlertHandler),
});
