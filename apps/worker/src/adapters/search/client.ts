import { z } from 'zod';
import { GoogleApiError, googleCallFailed, googleErrorFrom } from './google-errors.ts';

export interface SearchClientOptions {
  /** https://www.googleapis.com, or the sandbox world's base URL. */
  baseUrl: string;
  apiKey: string;
  /** The Programmable Search Engine id (cx). */
  engineId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The clock quota resets are computed from. */
  now?: () => Date;
}

export interface SearchResultItem {
  url: string;
  title: string;
  snippet: string;
}

export interface SearchPage {
  items: SearchResultItem[];
  /** The `start` of the next page, or null on the last one. */
  nextStart: number | null;
  totalResults: number;
}

export interface SearchClient {
  search(request: { query: string; start?: number; signal?: AbortSignal }): Promise<SearchPage>;
}

const PROVIDER = 'google-search';
const LABEL = 'Google Custom Search';
const PAGE_SIZE = 10;
// Custom Search serves at most 100 results: the last page starts at 91.
const LAST_START = 91;
const DEFAULT_TIMEOUT_MS = 10_000;

const ZSearchResponse = z.object({
  items: z.array(z.object({ link: z.string(), title: z.string().optional(), snippet: z.string().optional() })).optional(),
  queries: z.object({ nextPage: z.array(z.object({ startIndex: z.number() })).optional() }).optional(),
  searchInformation: z.object({ totalResults: z.string().optional() }).optional(),
});

/** Google Custom Search JSON API (GET /customsearch/v1). Errors are typed; the key is never logged or quoted. */
export function createSearchClient(options: SearchClientOptions): SearchClient {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const endpoint = `${options.baseUrl.replace(/\/+$/, '')}/customsearch/v1`;

  return {
    async search({ query, start = 1, signal }) {
      if (!Number.isInteger(start) || start < 1 || start > LAST_START) throw new RangeError(`start must be an integer from 1 to ${LAST_START}, got ${start}`);
      const url = new URL(endpoint);
      url.search = new URLSearchParams({ key: options.apiKey, cx: options.engineId, q: query, start: String(start), num: String(PAGE_SIZE) }).toString();
      const requestSignal = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      let response: Response;
      let body: string;
      try {
        response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: requestSignal });
        body = await response.text();
      } catch (error) {
        throw googleCallFailed({ provider: PROVIDER, label: LABEL, error, timeoutMs, signal });
      }
      if (!response.ok) {
        throw googleErrorFrom({ provider: PROVIDER, label: LABEL, status: response.status, body, retryAfter: response.headers.get('retry-after'), now: now(), secrets: [options.apiKey] });
      }
      const parsed = ZSearchResponse.safeParse(safeJson(body));
      if (!parsed.success) throw new GoogleApiError(PROVIDER, `${LABEL} sent a response that is not search results`, { retryable: true, status: response.status });
      const nextStart = parsed.data.queries?.nextPage?.[0]?.startIndex ?? null;
      return {
        items: (parsed.data.items ?? []).map((item) => ({ url: item.link, title: item.title ?? '', snippet: item.snippet ?? '' })),
        nextStart: nextStart !== null && nextStart <= LAST_START ? nextStart : null,
        totalResults: Number(parsed.data.searchInformation?.totalResults ?? 0) || 0,
      };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
