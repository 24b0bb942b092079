import { ProviderError, RateLimited } from '@switchboard/core';
import { nextQuotaReset } from '@switchboard/core/discovery';
import { z } from 'zod';

/** A Google API call that failed; `retryable` says whether the same call may succeed later. */
export class GoogleApiError extends ProviderError {
  readonly retryable: boolean;
  /** HTTP status, or null when no answer came (network, timeout). */
  readonly status: number | null;
  /** Google's status ("INVALID_ARGUMENT", "RESOURCE_EXHAUSTED" …) when it sent one. */
  readonly googleStatus: string | null;
  readonly retryAfterSeconds: number | null;
  constructor(provider: string, message: string, details: { retryable: boolean; status: number | null; googleStatus?: string | null; retryAfterSeconds?: number | null }, options?: ErrorOptions) {
    super(provider, message, options);
    this.retryable = details.retryable;
    this.status = details.status;
    this.googleStatus = details.googleStatus ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }
}

/** The project's daily quota is used up: nothing will succeed before `resetsAt` (Pacific midnight). */
export class SearchQuotaExhausted extends RateLimited {
  readonly provider: string;
  readonly resetsAt: Date;
  constructor(provider: string, message: string, resetsAt: Date, now: Date) {
    super(message, Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000)));
    this.provider = provider;
    this.resetsAt = resetsAt;
  }
}

const ZGoogleError = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
    details: z.array(z.object({ reason: z.string().optional(), metadata: z.record(z.string(), z.string()).optional() })).optional(),
  }),
});

// Legacy reasons Custom Search has used for the daily limit (403 dailyLimitExceeded before it moved to 429).
const DAILY_REASONS = new Set(['dailyLimitExceeded', 'quotaExceeded', 'dailyLimitExceededUnreg']);
const DEFAULT_RETRY_AFTER_S = 60;

/**
 * Turns a non-2xx answer into a typed error: the daily quota becomes SearchQuotaExhausted, a
 * per-minute limit, a 5xx or a 408 a retryable GoogleApiError, key and request problems a final one.
 */
export function googleErrorFrom(input: { provider: string; label: string; status: number; body: string; retryAfter: string | null; now: Date; secrets: string[] }): Error {
  const parsed = ZGoogleError.safeParse(safeJson(input.body));
  const error = parsed.success ? parsed.data.error : null;
  const message = scrub(error?.message ?? (input.body.slice(0, 200) || 'no details'), input.secrets);
  const googleStatus = error?.status ?? null;
  const legacyReasons = error?.errors?.map((item) => item.reason ?? '') ?? [];
  const quotaLimits = error?.details?.map((detail) => detail.metadata?.quota_limit ?? '') ?? [];
  const daily = /per day/i.test(message) || quotaLimits.some((limit) => /PerDay/i.test(limit)) || legacyReasons.some((reason) => DAILY_REASONS.has(reason));
  if ((input.status === 429 || input.status === 403) && daily) {
    return new SearchQuotaExhausted(input.provider, `${input.label}: the daily quota is used up (${message})`, nextQuotaReset(input.now), input.now);
  }
  const description = `${input.label} answered ${input.status}${googleStatus ? ` ${googleStatus}` : ''}: ${message}`;
  if (input.status === 429) {
    return new GoogleApiError(input.provider, description, { retryable: true, status: 429, googleStatus, retryAfterSeconds: retryAfterSeconds(input.retryAfter) ?? DEFAULT_RETRY_AFTER_S });
  }
  const retryable = input.status >= 500 || input.status === 408;
  return new GoogleApiError(input.provider, description, { retryable, status: input.status, googleStatus, retryAfterSeconds: retryable ? retryAfterSeconds(input.retryAfter) : null });
}

/** A call that got no answer: timeouts and network failures may pass; the caller's own abort is passed through. */
export function googleCallFailed(input: { provider: string; label: string; error: unknown; timeoutMs: number; signal: AbortSignal | undefined }): Error {
  if (input.signal?.aborted) return input.signal.reason instanceof Error ? input.signal.reason : new Error(`${input.label} call was cancelled`);
  const timedOut = input.error instanceof Error && input.error.name === 'TimeoutError';
  // fetch's own messages name the host at most; the key travels in the query or a header and is never quoted.
  const limit = input.timeoutMs >= 1000 ? `${Math.round(input.timeoutMs / 1000)} s` : `${input.timeoutMs} ms`;
  const message = timedOut ? `${input.label} did not answer within ${limit}` : `${input.label} could not be reached`;
  return new GoogleApiError(input.provider, message, { retryable: true, status: null }, { cause: input.error });
}

function retryAfterSeconds(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function scrub(text: string, secrets: string[]): string {
  return secrets.reduce((scrubbed, secret) => (secret ? scrubbed.split(secret).join('[redacted]') : scrubbed), text);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
