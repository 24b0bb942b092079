import type { LeadConfidence, LeadStatus } from '@switchboard/core';
import type { ApiInputs } from './api-types.ts';

/**
 * Lead filters as they appear in the URL (?campaign=…&status=…&minScore=80&city=Austin), so a view
 * can be shared: the filter the lead procedures accept (a bulk action's filter target is exactly it).
 */
export type LeadFilterQuery = Extract<ApiInputs['leads']['bulkPreview']['target'], { filter: unknown }>['filter'];

export const LEAD_FILTER_PARAMS = ['campaign', 'status', 'minScore', 'maxScore', 'city', 'category', 'q', 'confidence'] as const;

function score(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,3}$/.test(value)) return undefined;
  const number = Number(value);
  return number <= 100 ? number : undefined;
}

/** What the lead pages call each filter when they say one of a link's was left out. */
export const LEAD_FILTER_NAMES = Object.freeze({
  campaignId: 'campaign',
  status: 'status',
  minScore: 'min score',
  maxScore: 'max score',
  city: 'city',
  category: 'category',
  search: 'search',
  confidence: 'confidence',
} satisfies Record<keyof LeadFilterQuery, string>);

/**
 * Reads the filters a person can set; a score that is not one (e.g. "abc") is dropped rather than
 * failing the page. Statuses, confidence and ids go through as typed: the API refuses one that does
 * not exist, and the page leaves it out and says so. (Browser code too uses this, so it takes only types from core.)
 */
export function leadFilterFromParams(params: URLSearchParams): LeadFilterQuery {
  const read = (name: string) => params.get(name)?.trim() || undefined;
  const statuses = params.getAll('status').filter(Boolean) as LeadStatus[];
  const confidence = read('confidence');
  const minScore = score(read('minScore'));
  const maxScore = score(read('maxScore'));
  const campaignId = read('campaign');
  const city = read('city');
  const category = read('category');
  const search = read('q');
  return {
    ...(campaignId ? { campaignId } : {}),
    ...(statuses.length > 0 ? { status: statuses } : {}),
    ...(minScore !== undefined ? { minScore } : {}),
    ...(maxScore !== undefined ? { maxScore } : {}),
    ...(city ? { city } : {}),
    ...(category ? { category } : {}),
    ...(search ? { search } : {}),
    ...(confidence ? { confidence: confidence as LeadConfidence } : {}),
  };
}

/** The filter back as URL parameters (for links to the CSV export, bulk confirmations, paging). */
export function leadFilterParams(filter: LeadFilterQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.campaignId) params.set('campaign', filter.campaignId);
  for (const status of filter.status ?? []) params.append('status', status);
  if (filter.minScore !== undefined) params.set('minScore', String(filter.minScore));
  if (filter.maxScore !== undefined) params.set('maxScore', String(filter.maxScore));
  if (filter.city) params.set('city', filter.city);
  if (filter.category) params.set('category', filter.category);
  if (filter.search) params.set('q', filter.search);
  if (filter.confidence) params.set('confidence', filter.confidence);
  return params;
}

export function hasLeadFilter(filter: LeadFilterQuery): boolean {
  return Object.keys(filter).length > 0;
}

/** "with score ≥ 80 in Austin", for confirmations that say exactly which leads an action touches. */
export function describeLeadFilter(filter: LeadFilterQuery, campaignName?: string): string {
  const parts: string[] = [];
  if (filter.minScore !== undefined && filter.maxScore !== undefined) parts.push(`with score ${filter.minScore}–${filter.maxScore}`);
  else if (filter.minScore !== undefined) parts.push(`with score ≥ ${filter.minScore}`);
  else if (filter.maxScore !== undefined) parts.push(`with score ≤ ${filter.maxScore}`);
  if (filter.confidence) parts.push(`with ${filter.confidence} confidence`);
  if (filter.city) parts.push(`in ${filter.city}`);
  if (filter.category) parts.push(`in category “${filter.category}”`);
  if (filter.search) parts.push(`matching “${filter.search}”`);
  if (filter.campaignId) parts.push(campaignName ? `from campaign “${campaignName}”` : 'from the chosen campaign');
  return parts.join(' ');
}
