import { describe, expect, it } from 'vitest';
import { ZCampaignTarget, type CampaignTargetInput } from '../campaigns/target.ts';
import { discoveryPlanSummary, planDiscoveryTasks } from './plan.ts';

const target = (input: CampaignTargetInput) => ZCampaignTarget.parse(input);

describe('planDiscoveryTasks', () => {
  it('plans search as query × location × page and listings as query × location', () => {
    const planned = planDiscoveryTasks(target({ queries: ['plumber', 'electrician'], locations: ['Austin', 'Dallas'], pagesPerQuery: 2, sources: ['search', 'places'] }));
    expect(discoveryPlanSummary(planned)).toEqual({ total: 12, search: 8, places: 4 });
    expect(planned).toContainEqual({ kind: 'search', input: { query: 'plumber', location: 'Dallas', page: 2 }, dedupeKey: 'plumber|dallas|2' });
    expect(planned).toContainEqual({ kind: 'places', input: { query: 'electrician', location: 'Austin' }, dedupeKey: 'electrician|austin' });
  });

  it('searches anywhere when the target names no location', () => {
    const planned = planDiscoveryTasks(target({ queries: ['plumber'], sources: ['search', 'places'] }));
    expect(planned).toEqual([
      { kind: 'search', input: { query: 'plumber', location: null, page: 1 }, dedupeKey: 'plumber||1' },
      { kind: 'places', input: { query: 'plumber', location: null }, dedupeKey: 'plumber|' },
    ]);
  });

  it('plans only the chosen sources', () => {
    const planned = planDiscoveryTasks(target({ queries: ['plumber'], locations: ['Austin'], pagesPerQuery: 3, sources: ['places'] }));
    expect(planned.map((task) => task.kind)).toEqual(['places']);
  });

  it('plans a query or location repeated in another case once, as first written', () => {
    const planned = planDiscoveryTasks(target({ queries: ['Plumber', 'plumber'], locations: ['Austin', 'AUSTIN'], sources: ['search', 'places'] }));
    expect(planned).toEqual([
      { kind: 'search', input: { query: 'Plumber', location: 'Austin', page: 1 }, dedupeKey: 'plumber|austin|1' },
      { kind: 'places', input: { query: 'Plumber', location: 'Austin' }, dedupeKey: 'plumber|austin' },
    ]);
    expect(new Set(planned.map((task) => `${task.kind}:${task.dedupeKey}`)).size).toBe(planned.length);
  });
});
