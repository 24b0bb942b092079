import type { LeadCandidate } from '@switchboard/core';
import { mergeLeadCandidates } from '@switchboard/db';
import { z } from 'zod';
import type { PlaceResult } from '../adapters/places/index.ts';
import { defineDiscoveryTaskJob } from '../discovery/run-task.ts';
import { scrapeDomain } from '../discovery/scrape-target.ts';
import { addScrapeTasks, finishTask } from '../discovery/tasks.ts';

const ZPlacesTaskInput = z.object({ query: z.string(), location: z.string().nullable() });

/** Businesses listed for query × location become leads at once; their websites are scraped next. */
export const discoveryPlacesJob = defineDiscoveryTaskJob('discovery.places', {
  retry: { limit: 3, delaySeconds: 5, backoff: true, maxDelaySeconds: 300 },
  expireInSeconds: 120,
  throughput: { batchSize: 4, localConcurrency: 1 },
  input: ZPlacesTaskInput,
  perMinute: (settings) => ({
    key: 'places.minute',
    perMinute: settings.places_requests_per_minute,
    reason: 'Listing searches per minute are at their limit; waiting for the next minute.',
  }),
  async work({ payload, claimed, input }, context) {
    const { client, mode } = await context.discovery.places(payload.workspaceId);
    const { places } = await client.textSearch({ query: input.location ? `${input.query} in ${input.location}` : input.query });

    const merged = await mergeLeadCandidates(context.sql, {
      workspaceId: payload.workspaceId,
      campaignId: claimed.run.campaignId,
      runId: payload.runId,
      candidates: places.map((place) => placeCandidate(place, input.query)),
    });
    const sites = places.flatMap((place, index) => {
      const domain = place.website ? scrapeDomain(place.website, mode) : null;
      return domain ? [{ kind: 'scrape' as const, dedupeKey: domain, input: { url: place.website, origin: 'places', leadId: merged.leads[index]!.leadId, location: input.location } }] : [];
    });
    await addScrapeTasks(context, payload, sites);
    if (merged.inserted + merged.merged > 0) {
      await context.publish(payload.workspaceId, 'leads.changed', { campaignId: claimed.run.campaignId, count: merged.inserted + merged.merged });
    }
    await finishTask(context, claimed, { status: 'done', results: places.length, leadsFound: merged.inserted, leadsMerged: merged.merged });
  },
});

export function placeCandidate(place: PlaceResult, query: string): LeadCandidate {
  return {
    name: place.name,
    website: place.website,
    address: place.address,
    city: place.city,
    region: place.region,
    country: place.country,
    lat: place.lat,
    lng: place.lng,
    phone: place.phone,
    category: place.category,
    rating: place.rating,
    reviewCount: place.reviewCount,
    source: { kind: 'places', ref: place.placeId, evidence: { query, address: place.address, rating: place.rating, reviewCount: place.reviewCount } },
  };
}
