import type { Campaign } from '@switchboard/db';

/** A campaign as the API answers it: dates as ISO strings, so the browser client and loaders see the same shape. */
export function campaignView<C extends Campaign>(campaign: C) {
  return { ...campaign, createdAt: campaign.createdAt.toISOString(), updatedAt: campaign.updatedAt.toISOString() };
}
