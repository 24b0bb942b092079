/** Google's JSON error bodies, as the Custom Search and Places APIs send them. */

export interface GoogleErrorResponse {
  status: number;
  body: { error: Record<string, unknown> };
  headers?: Record<string, string>;
}

export type InjectedFailure = 'rate_limit_minute' | 'quota_day' | 'server_error' | 'unavailable' | 'bad_key';

const SERVICE = { search: 'customsearch.googleapis.com', places: 'places.googleapis.com' } as const;
export type GoogleService = keyof typeof SERVICE;

export function badKey(service: GoogleService): GoogleErrorResponse {
  const message = 'API key not valid. Please pass a valid API key.';
  return error(service, 400, 'INVALID_ARGUMENT', message, 'badRequest', { reason: 'API_KEY_INVALID', metadata: { service: SERVICE[service] } });
}

export function missingKey(service: GoogleService): GoogleErrorResponse {
  const message =
    service === 'search'
      ? "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
      : 'The request is missing a valid API key.';
  return error(service, 403, 'PERMISSION_DENIED', message, 'forbidden');
}

export function invalidArgument(service: GoogleService, message = 'Request contains an invalid argument.'): GoogleErrorResponse {
  return error(service, 400, 'INVALID_ARGUMENT', message, 'badRequest');
}

export function dailyQuotaExceeded(service: GoogleService, limit: number): GoogleErrorResponse {
  const metric = service === 'search' ? 'Queries' : 'SearchTextRequest';
  const message = `Quota exceeded for quota metric '${metric}' and limit '${metric} per day' of service '${SERVICE[service]}' for consumer 'project_number:583912745533'.`;
  return error(service, 429, 'RESOURCE_EXHAUSTED', message, 'rateLimitExceeded', {
    reason: 'RATE_LIMIT_EXCEEDED',
    metadata: { service: SERVICE[service], quota_metric: `${SERVICE[service]}/${metric.toLowerCase()}`, quota_limit: 'DefaultPerDayPerProject', quota_limit_value: String(limit), consumer: 'projects/583912745533' },
  });
}

export function minuteRateExceeded(service: GoogleService): GoogleErrorResponse {
  const metric = service === 'search' ? 'Queries' : 'SearchTextRequest';
  const message = `Quota exceeded for quota metric '${metric}' and limit '${metric} per minute' of service '${SERVICE[service]}' for consumer 'project_number:583912745533'.`;
  return {
    ...error(service, 429, 'RESOURCE_EXHAUSTED', message, 'rateLimitExceeded', {
      reason: 'RATE_LIMIT_EXCEEDED',
      metadata: { service: SERVICE[service], quota_metric: `${SERVICE[service]}/${metric.toLowerCase()}`, quota_limit: 'DefaultPerMinutePerProject', quota_limit_value: '100', consumer: 'projects/583912745533' },
    }),
    headers: { 'retry-after': '30' },
  };
}

export function internalError(service: GoogleService): GoogleErrorResponse {
  return error(service, 500, 'INTERNAL', 'Internal error encountered.', 'backendError');
}

export function unavailable(service: GoogleService): GoogleErrorResponse {
  return error(service, 503, 'UNAVAILABLE', 'The service is currently unavailable.', 'backendError');
}

export function injectedError(service: GoogleService, failure: InjectedFailure, dailyLimit: number): GoogleErrorResponse {
  switch (failure) {
    case 'rate_limit_minute':
      return minuteRateExceeded(service);
    case 'quota_day':
      return dailyQuotaExceeded(service, dailyLimit);
    case 'server_error':
      return internalError(service);
    case 'unavailable':
      return unavailable(service);
    case 'bad_key':
      return badKey(service);
  }
}

function error(
  service: GoogleService,
  code: number,
  status: string,
  message: string,
  legacyReason: string,
  errorInfo?: { reason: string; metadata: Record<string, string> },
): GoogleErrorResponse {
  const details = errorInfo ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: errorInfo.reason, domain: 'googleapis.com', metadata: errorInfo.metadata }] : undefined;
  // Custom Search still carries the legacy `errors` list; the newer Places API does not.
  const legacy = service === 'search' ? { errors: [{ message, domain: 'global', reason: legacyReason }] } : {};
  return { status: code, body: { error: { code, message, ...legacy, status, ...(details ? { details } : {}) } } };
}
