import { CATEGORIES, CITIES } from './catalog.ts';
import { badKey, dailyQuotaExceeded, injectedError, invalidArgument, missingKey, type GoogleErrorResponse } from './google-errors.ts';
import { matchBusinesses } from './query-match.ts';
import type { WorldState } from './state.ts';

interface SearchItem {
  kind: 'customsearch#result';
  title: string;
  htmlTitle: string;
  link: string;
  displayLink: string;
  snippet: string;
  htmlSnippet: string;
  formattedUrl: string;
  htmlFormattedUrl: string;
}

const MAX_RESULTS = 100;
const MAX_PAGE_SIZE = 10;

/** Google Custom Search JSON API: GET /customsearch/v1?key&cx&q&start&num. */
export function handleSearch(world: WorldState, url: URL): GoogleErrorResponse | { status: 200; body: unknown } {
  const key = url.searchParams.get('key');
  if (!key) return missingKey('search');
  if (!world.apiKeys.has(key)) return badKey('search');
  const injected = world.nextInjected('search');
  if (injected) return injectedError('search', injected, world.dailyLimits.search);
  const query = url.searchParams.get('q')?.trim() ?? '';
  const start = Number(url.searchParams.get('start') ?? '1');
  const count = Number(url.searchParams.get('num') ?? String(MAX_PAGE_SIZE));
  if (url.searchParams.get('cx') !== world.engineId || query === '') return invalidArgument('search');
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 1 || count < 1 || count > MAX_PAGE_SIZE || start + count - 1 > MAX_RESULTS) return invalidArgument('search');
  if (!world.takeQuota('search')) return dailyQuotaExceeded('search', world.dailyLimits.search);

  const results = searchResults(world, query);
  const page = results.slice(start - 1, start - 1 + count);
  const request = (startIndex: number, pageCount: number) => ({
    title: `Google Custom Search - ${query}`,
    totalResults: String(results.length),
    searchTerms: query,
    count: pageCount,
    startIndex,
    inputEncoding: 'utf8',
    outputEncoding: 'utf8',
    safe: 'off',
    cx: world.engineId,
  });
  const hasNext = start - 1 + count < results.length && start + count <= MAX_RESULTS;
  return {
    status: 200,
    body: {
      kind: 'customsearch#search',
      url: { type: 'application/json', template: 'https://www.googleapis.com/customsearch/v1?q={searchTerms}&num={count?}&start={startIndex?}&cx={cx?}&alt=json' },
      queries: {
        request: [request(start, count)],
        ...(hasNext ? { nextPage: [request(start + count, count)] } : {}),
        ...(start > 1 ? { previousPage: [request(Math.max(1, start - count), count)] } : {}),
      },
      context: { title: 'Switchboard sandbox' },
      searchInformation: { searchTime: 0.18, formattedSearchTime: '0.18', totalResults: String(results.length), formattedTotalResults: results.length.toLocaleString('en-US') },
      // Google leaves `items` out altogether when nothing matched.
      ...(page.length > 0 ? { items: page } : {}),
    },
  };
}

/** Every result a query has, in rank order: business sites, Facebook pages, and directory listings in between. */
export function searchResults(world: WorldState, query: string): SearchItem[] {
  const matched = matchBusinesses(world.businesses, query);
  const organic: SearchItem[] = [];
  for (const business of matched) {
    if (!business.inSearch) continue;
    const site = business.siteSlug ? world.sitesBySlug.get(business.siteSlug) : undefined;
    if (site?.searchUrl) {
      organic.push(item(site.searchUrl, `${business.name} | ${site.tagline}`, `${site.story.slice(0, 140)}…`));
    } else if (!site) {
      organic.push(item(`https://www.facebook.com/${business.id}/`, `${business.name} | ${business.city} ${business.region} | Facebook`, `${business.name}, ${business.city}. ${business.reviewCount ?? 0} likes · ${business.categoryLabel}.`));
    }
  }
  const directories: SearchItem[] = [];
  const seen = new Set<string>();
  for (const business of matched) {
    const key = `${business.category}|${business.city}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const plural = CATEGORIES[business.category].plural;
    const city = CITIES.find((known) => known.name === business.city)!;
    directories.push(
      item(`https://www.yelp.com/search?find_desc=${encodeURIComponent(plural)}&find_loc=${encodeURIComponent(`${city.name}, ${city.region}`)}`, `THE BEST 10 ${plural} in ${city.name}, ${city.region} - Updated 2026 - Yelp`, `Top 10 Best ${plural} in ${city.name} - Last Updated 2026 - Yelp.`),
      item(`https://www.yellowpages.com/${city.name.toLowerCase()}-${city.region.toLowerCase()}/${plural.toLowerCase()}`, `Best ${plural} in ${city.name}, ${city.region} with Reviews - YP.com`, `${plural} in ${city.name} on YP.com. See reviews, photos, directions, phone numbers and more.`),
    );
  }
  // A directory listing at rank 2, then every third result, as real result pages mix them in.
  const mixed: SearchItem[] = [];
  while (organic.length > 0 || directories.length > 0) {
    const next = mixed.length % 3 === 1 && directories.length > 0 ? directories.shift() : (organic.shift() ?? directories.shift());
    mixed.push(next!);
  }
  return mixed;
}

function item(link: string, title: string, snippet: string): SearchItem {
  const url = new URL(link);
  const formattedUrl = `${url.hostname}${url.pathname === '/' ? '' : url.pathname}`;
  return {
    kind: 'customsearch#result',
    title,
    htmlTitle: title.replace(/&/g, '&amp;'),
    link,
    displayLink: url.hostname,
    snippet,
    htmlSnippet: snippet.replace(/&/g, '&amp;'),
    formattedUrl,
    htmlFormattedUrl: formattedUrl,
  };
}
