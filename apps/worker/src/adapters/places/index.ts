export { createPlacesClient, type PlaceResult, type PlacesClient, type PlacesClientOptions, type PlacesPage } from './client.ts';
export { GoogleApiError, SearchQuotaExhausted } from '../search/google-errors.ts';
