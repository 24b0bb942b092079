export { createSearchClient, type SearchClient, type SearchClientOptions, type SearchPage, type SearchResultItem } from './client.ts';
export { GoogleApiError, SearchQuotaExhausted, googleErrorFrom, googleCallFailed } from './google-errors.ts';
