import { adminProcedure, authedProcedure, operatorProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { campaignMailboxesHandler, setCampaignMailboxesHandler } from './campaign-mailboxes.handler.ts';
import { ZCampaignMailboxesInputSchema, ZSetCampaignMailboxesInputSchema } from './campaign-mailboxes.schema.ts';
import { createMailboxHandler } from './create.handler.ts';
import { ZCreateMailboxInputSchema } from './create.schema.ts';
import { ZGetMailboxInputSchema } from './get.schema.ts';
import { getMailboxHandler, listMailboxesHandler } from './list.handler.ts';
import { archiveMailboxHandler, pauseMailboxHandler, resumeMailboxHandler } from './set-status.handler.ts';
import { ZPauseMailboxInputSchema } from './set-status.schema.ts';
import { clearMailboxImapHandler, setMailboxImapHandler } from './set-imap.handler.ts';
import { ZSetMailboxImapInputSchema } from './set-imap.schema.ts';
import { updateMailboxHandler } from './update.handler.ts';
import { ZUpdateMailboxInputSchema } from './update.schema.ts';

// Who may do what (roles rank admin > operator > viewer, core/access/roles.ts):
// - everyone in the workspace reads mailboxes, as they read campaigns and leads;
// - operators may pause one (an emergency brake: whoever watches the board sees the bounces first)
//   and choose a campaign's rotation among existing mailboxes (campaign set-up is theirs);
// - admins create, change, resume and archive them: an address, its limits and lifting a pause
//   (perhaps the health check's) decide the workspace's sending reputation, like its provider keys;
//   so do its IMAP settings (a password, like a provider key).
export const mailboxesRouter = router({
  list: authedProcedure.query(listMailboxesHandler),
  get: authedProcedure.input(ZGetMailboxInputSchema).query(getMailboxHandler),
  create: adminProcedure.input(ZCreateMailboxInputSchema).mutation(createMailboxHandler),
  update: adminProcedure.input(ZUpdateMailboxInputSchema).mutation(updateMailboxHandler),
  setImap: adminProcedure.input(ZSetMailboxImapInputSchema).mutation(setMailboxImapHandler),
  clearImap: adminProcedure.input(ZGetMailboxInputSchema).mutation(clearMailboxImapHandler),
  pause: operatorProcedure.input(ZPauseMailboxInputSchema).mutation(pauseMailboxHandler),
  resume: adminProcedure.input(ZGetMailboxInputSchema).mutation(resumeMailboxHandler),
  archive: adminProcedure.input(ZGetMailboxInputSchema).mutation(archiveMailboxHandler),
  forCampaign: authedProcedure.input(ZCampaignMailboxesInputSchema).query(campaignMailboxesHandler),
  setForCampaign: operatorProcedure.input(ZSetCampaignMailboxesInputSchema).mutation(setCampaignMailboxesHandler),
});
