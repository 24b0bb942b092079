import { limitExpensiveCalls } from '../../middlewares/expensive-calls.ts';
import { adminProcedure, authedProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { campaignOutboxHandler } from './campaign-list.handler.ts';
import { getOutboxEmailHandler } from './get.handler.ts';
import { ZCampaignOutboxInputSchema, ZGetOutboxEmailInputSchema } from './get.schema.ts';
import { listOutboxHandler } from './list.handler.ts';
import { revealLinkHandler } from './reveal-link.handler.ts';
import { ZRevealLinkInputSchema } from './reveal-link.schema.ts';

// Sign-in and reset emails carry other people's links: admins only. Campaign emails are the
// workspace's own outreach: every member reads them, as they read the campaign.
export const outboxRouter = router({
  list: adminProcedure.query(listOutboxHandler),
  revealLink: adminProcedure.input(ZRevealLinkInputSchema).mutation(revealLinkHandler),
  // A deep page reads every row before it (bounded by CAMPAIGN_OUTBOX_MAX_PAGE): limited like other expensive reads.
  campaignEmails: authedProcedure.use(limitExpensiveCalls).input(ZCampaignOutboxInputSchema).query(campaignOutboxHandler),
  get: authedProcedure.input(ZGetOutboxEmailInputSchema).query(getOutboxEmailHandler),
});
