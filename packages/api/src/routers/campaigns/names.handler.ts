import { listCampaignNames } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';

/**
 * The workspace's campaigns by name, for the lead pages' campaign filter: `list` counts every
 * campaign's leads, which at 100,000 leads is not worth doing for a drop-down.
 */
export function campaignNamesHandler({ ctx }: { ctx: AuthedContext }) {
  return listCampaignNames(ctx.db, ctx.workspace.id);
}
