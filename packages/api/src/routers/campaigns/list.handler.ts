import { listCampaigns } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { campaignView } from './serialize.ts';

/** Every campaign of the workspace with how many leads it found and how many wait for review. */
export async function listCampaignsHandler({ ctx }: { ctx: AuthedContext }) {
  return (await listCampaigns(ctx.db, ctx.workspace.id)).map(campaignView);
}
