import { z } from 'zod';
import { ZScoreWeightOverrides } from '../leads/score.ts';
import { isTimeZone } from '../system/time-zone.ts';
import { safeText } from '../text/safe-text.ts';

const PAGES_PER_QUERY = 'Result pages per query is a whole number from 1 to 5';
const targetText = safeText().trim().min(1, 'Cannot be blank').max(200, 'At most 200 characters');

/** Discovery sources a campaign can use; websites are scraped from what these find. */
export const CAMPAIGN_DISCOVERY_SOURCES = ['search', 'places'] as const;
export type CampaignDiscoverySource = (typeof CAMPAIGN_DISCOVERY_SOURCES)[number];

/** Who a campaign looks for: each query runs in each location, for `pagesPerQuery` result pages. */
export const ZCampaignTarget = z.object({
  queries: z.array(targetText).min(1, 'Add at least one search query').max(20, 'At most 20 queries'),
  locations: z.array(targetText).max(20, 'At most 20 locations').default([]),
  categories: z.array(targetText).max(20, 'At most 20 categories').default([]),
  pagesPerQuery: z.number({ error: PAGES_PER_QUERY }).int(PAGES_PER_QUERY).min(1, PAGES_PER_QUERY).max(5, PAGES_PER_QUERY).default(1),
  sources: z
    .array(z.enum(CAMPAIGN_DISCOVERY_SOURCES))
    .min(1, 'Pick at least one source')
    .default(['search', 'places'])
    .transform((sources) => [...new Set(sources)]),
});
export type CampaignTarget = z.infer<typeof ZCampaignTarget>;
export type CampaignTargetInput = z.input<typeof ZCampaignTarget>;

const ZTimeZone = safeText().trim().min(1).refine(isTimeZone, 'Not a known time zone');

export const ZCreateCampaignInput = z.object({
  name: safeText().trim().min(1, 'Give the campaign a name').max(200, 'At most 200 characters'),
  description: safeText().trim().max(5000, 'At most 5,000 characters').default(''),
  timeZone: ZTimeZone,
  target: ZCampaignTarget,
  scoreWeights: ZScoreWeightOverrides.default({}),
});
export type CreateCampaignInput = z.infer<typeof ZCreateCampaignInput>;

export const ZUpdateCampaignInput = z.object({
  name: safeText().trim().min(1, 'Give the campaign a name').max(200, 'At most 200 characters').optional(),
  description: safeText().trim().max(5000, 'At most 5,000 characters').optional(),
  timeZone: ZTimeZone.optional(),
  target: ZCampaignTarget.optional(),
  scoreWeights: ZScoreWeightOverrides.optional(),
  ownerUserId: z.uuid().nullable().optional(),
});
export type UpdateCampaignInput = z.infer<typeof ZUpdateCampaignInput>;
