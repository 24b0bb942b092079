import type { Db } from '../client.ts';
import { createCampaign, setCampaignStatus } from '../queries/campaigns.ts';

const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places'] as 'places'[] };

/** A campaign (in UTC, searching listings for plumbers in Austin) made active, as outreach needs it: its id. */
export async function createActiveCampaign(sql: Db, workspaceId: string, name: string): Promise<string> {
  const campaign = await createCampaign(sql, { workspaceId, name, timeZone: 'UTC', target: TARGET, createdBy: null });
  await setCampaignStatus(sql, workspaceId, campaign.id, { from: ['draft'], to: 'active', by: null });
  return campaign.id;
}
