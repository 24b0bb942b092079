import { authedProcedure, operatorProcedure } from '../../procedures/index.ts';
import { router } from '../../trpc.ts';
import { createCampaignHandler } from './create.handler.ts';
import { ZCreateCampaignInputSchema } from './create.schema.ts';
import { getCampaignHandler } from './get.handler.ts';
import { ZGetCampaignInputSchema } from './get.schema.ts';
import { listCampaignsHandler } from './list.handler.ts';
import { campaignNamesHandler } from './names.handler.ts';
import { setCampaignStatusHandler } from './set-status.handler.ts';
import { ZSetCampaignStatusInputSchema } from './set-status.schema.ts';
import { updateCampaignHandler } from './update.handler.ts';
import { ZUpdateCampaignInputSchema } from './update.schema.ts';

export const campaignsRouter = router({
  list: authedProcedure.query(listCampaignsHandler),
  names: authedProcedure.query(campaignNamesHandler),
  get: authedProcedure.input(ZGetCampaignInputSchema).query(getCampaignHandler),
  create: operatorProcedure.input(ZCreateCampaignInputSchema).mutation(createCampaignHandler),
  update: operatorProcedure.input(ZUpdateCampaignInputSchema).mutation(updateCampaignHandler),
  setStatus: operatorProcedure.input(ZSetCampaignStatusInputSchema).mutation(setCampaignStatusHandler),
});
