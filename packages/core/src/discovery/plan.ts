import type { CampaignTarget } from '../campaigns/target.ts';

/** What a search task asks: one results page of one query in one place (`location` null: anywhere). */
export interface SearchTaskInput {
  query: string;
  location: string | null;
  /** 1-based results page. */
  page: number;
}

/** What a listings task asks: one query in one place. */
export interface PlacesTaskInput {
  query: string;
  location: string | null;
}

export type PlannedTask =
  | { kind: 'search'; input: SearchTaskInput; dedupeKey: string }
  | { kind: 'places'; input: PlacesTaskInput; dedupeKey: string };

/**
 * The tasks a discovery run of this target starts with: search is query × location × page, listings
 * query × location. Repeated queries or locations (any case) plan one task, as first written, via the dedupe key the
 * run's unique index also checks.
 */
export function planDiscoveryTasks(target: CampaignTarget): PlannedTask[] {
  const locations: (string | null)[] = target.locations.length > 0 ? target.locations : [null];
  const planned = new Map<string, PlannedTask>();
  for (const query of target.queries) {
    for (const location of locations) {
      const where = (location ?? '').toLowerCase();
      if (target.sources.includes('search')) {
        for (let page = 1; page <= target.pagesPerQuery; page += 1) {
          const dedupeKey = `${query.toLowerCase()}|${where}|${page}`;
          if (!planned.has(`search:${dedupeKey}`)) planned.set(`search:${dedupeKey}`, { kind: 'search', input: { query, location, page }, dedupeKey });
        }
      }
      if (target.sources.includes('places')) {
        const dedupeKey = `${query.toLowerCase()}|${where}`;
        if (!planned.has(`places:${dedupeKey}`)) planned.set(`places:${dedupeKey}`, { kind: 'places', input: { query, location }, dedupeKey });
      }
    }
  }
  return [...planned.values()];
}

/** "4 web searches and 2 listing searches", for a confirmation that says what will run. */
export function discoveryPlanSummary(tasks: readonly PlannedTask[]) {
  const search = tasks.filter((task) => task.kind === 'search').length;
  return { total: tasks.length, search, places: tasks.length - search };
}
