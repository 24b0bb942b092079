import { authedProcedure, operatorProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { boardHandler } from './board.handler.ts';
import { ZOutreachCampaignInputSchema } from './campaign.schema.ts';
import { formScreenshotHandler, leadFormSendsHandler } from './form-sends.handler.ts';
import { ZFormScreenshotInputSchema, ZLeadFormSendsInputSchema } from './form-sends.schema.ts';
import { enrolledLeadsHandler } from './enrolled-leads.handler.ts';
import { ZEnrolledLeadsInputSchema } from './enrolled-leads.schema.ts';
import { previewHandler } from './preview.handler.ts';
import { saveSequenceHandler } from './save-sequence.handler.ts';
import { ZLintSequenceInputSchema, ZSaveSequenceInputSchema } from './save-sequence.schema.ts';
import { lintSequenceHandler, sequenceHandler } from './sequence.handler.ts';
import { sendWindowWaitHandler } from './send-window-wait.handler.ts';
import { startPreviewHandler } from './start-plan.ts';
import { startOutreachHandler } from './start.handler.ts';
import { ZStartOutreachInputSchema } from './start.schema.ts';

// Everyone in the workspace reads a campaign's outreach (sequence, previews, board), as they read
// the campaign; operators change the sequence and start it, as they run discovery.
export const outreachRouter = router({
  sequence: authedProcedure.input(ZOutreachCampaignInputSchema).query(sequenceHandler),
  lint: authedProcedure.input(ZLintSequenceInputSchema).query(lintSequenceHandler),
  saveSequence: operatorProcedure.input(ZSaveSequenceInputSchema).mutation(saveSequenceHandler),
  preview: authedProcedure.input(ZOutreachCampaignInputSchema).query(previewHandler),
  startPreview: authedProcedure.input(ZOutreachCampaignInputSchema).query(startPreviewHandler),
  start: operatorProcedure.input(ZStartOutreachInputSchema).mutation(startOutreachHandler),
  board: authedProcedure.input(ZOutreachCampaignInputSchema).query(boardHandler),
  sendWindowWait: authedProcedure.input(ZOutreachCampaignInputSchema).query(sendWindowWaitHandler),
  // Contact form submissions and their screenshots: evidence every member of the workspace may see.
  leadFormSends: authedProcedure.input(ZLeadFormSendsInputSchema).query(leadFormSendsHandler),
  formScreenshot: authedProcedure.input(ZFormScreenshotInputSchema).query(formScreenshotHandler),
  enrolledLeads: authedProcedure.input(ZEnrolledLeadsInputSchema).query(enrolledLeadsHandler),
});
