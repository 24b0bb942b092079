import { SUPPRESSION_SOURCE_NAMES, type SuppressionSource } from '@switchboard/core';

/** The list's filters and order from the URL (shared by the page and its CSV export); unknown values are dropped. */
export function suppressionQuery(params: URLSearchParams): { search?: string; source?: SuppressionSource; sort: 'newest' | 'value' } {
  const search = params.get('q')?.trim();
  const source = params.get('source');
  return {
    sort: params.get('sort') === 'value' ? 'value' : 'newest',
    ...(search ? { search: search.slice(0, 320) } : {}),
    ...(SUPPRESSION_SOURCE_NAMES.includes(source as SuppressionSource) ? { source: source as SuppressionSource } : {}),
  };
}
