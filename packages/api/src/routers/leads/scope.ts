import type { LeadFilter } from '@switchboard/db';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TLeadFilterSchema } from './filter.schema.ts';

/** A filter naming another workspace's campaign is NotFound, like any other id from outside. */
export async function checkFilterScope(ctx: AuthedContext, filter: Pick<TLeadFilterSchema, 'campaignId'>): Promise<void> {
  if (filter.campaignId) await requireCampaign(ctx.db, ctx.workspace.id, filter.campaignId);
}

/** Drops unset and blank fields, so the query layer sees only what was asked for. */
export function leadFilter(filter: TLeadFilterSchema): LeadFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== '')) as LeadFilter;
}
