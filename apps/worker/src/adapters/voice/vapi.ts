import { VapiClient, VapiError, VapiTimeoutError, type Vapi } from '@vapi-ai/server-sdk';
import { CallInDoubt, CallRefused, type CallRequest, type PlacedCall, type VapiCallSnapshot, type VoiceCaller } from './types.ts';

/** How long one request may take before its answer counts as lost. */
export const VAPI_TIMEOUT_MS = 20_000;
/** Vapi's limit on a customer's name and on a call's name. */
const VAPI_NAME_MAX_CHARS = 40;

/**
 * Vapi's call API through the official SDK, its base URL configurable (VAPI_BASE_URL) so tests and
 * the sandbox point it at a local fake. The SDK's own retries are off: Vapi takes no idempotency key,
 * so a retried POST /call after a lost answer could place the call twice.
 */
export function vapiCaller(options: { apiKey: string; baseUrl?: string | undefined; timeoutMs?: number; sandbox?: boolean }): VoiceCaller {
  const timeoutInSeconds = (options.timeoutMs ?? VAPI_TIMEOUT_MS) / 1000;
  const client = new VapiClient({ token: options.apiKey, maxRetries: 0, timeoutInSeconds, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
  return {
    provider: 'vapi',
    sandbox: options.sandbox ?? false,
    async createCall(request: CallRequest): Promise<PlacedCall> {
      const name = request.customer.name?.slice(0, VAPI_NAME_MAX_CHARS).trim();
      let answer: Vapi.CreateCallsResponse;
      try {
        answer = await client.calls.create({
          assistantId: request.assistantId,
          phoneNumberId: request.phoneNumberId,
          customer: { number: request.customer.number, ...(name ? { name } : {}) },
          // The SDK's CreateCallDto has no top-level metadata; the assistant overrides' metadata is typed
          // and Vapi echoes it in the call object of every webhook and GET /call.
          assistantOverrides: { metadata: { callId: request.callId } },
          name: request.callId,
        });
      } catch (error) {
        throw classifyVapiError(error);
      }
      if (!('id' in answer) || typeof answer.id !== 'string') throw new CallInDoubt('Vapi answered POST /call without a call id', { statusCode: 201, reason: 'no call id in the answer' });
      const limits = (answer as { subscriptionLimits?: { concurrencyBlocked?: boolean; concurrencyLimit?: number } }).subscriptionLimits;
      if (limits?.concurrencyBlocked) {
        const limit = limits.concurrencyLimit === undefined ? '' : ` (limit ${limits.concurrencyLimit})`;
        throw new CallRefused(`Vapi held the call back: the account's concurrent calls are all in use${limit}`, {
          statusCode: 201,
          reason: 'subscriptionLimits.concurrencyBlocked',
          retriable: true,
        });
      }
      return { vapiCallId: answer.id, status: answer.status ?? null };
    },
    async getCall(vapiCallId: string): Promise<VapiCallSnapshot | null> {
      let call: Vapi.Call;
      try {
        call = await client.calls.get({ id: vapiCallId });
      } catch (error) {
        if (error instanceof VapiError && error.statusCode === 404) return null;
        throw classifyVapiError(error);
      }
      const metadata = call.assistantOverrides?.metadata as { callId?: unknown } | undefined;
      return {
        vapiCallId: call.id,
        status: call.status ?? null,
        endedReason: call.endedReason ?? null,
        startedAt: call.startedAt ? new Date(call.startedAt) : null,
        endedAt: call.endedAt ? new Date(call.endedAt) : null,
        cost: typeof call.cost === 'number' ? call.cost : null,
        callId: typeof metadata?.callId === 'string' ? metadata.callId : null,
      };
    },
  };
}

/** Vapi's error body: NestJS's `{message: string | string[], error, statusCode}`. */
function errorMessage(body: unknown, fallback: string): string {
  const message = (body as { message?: unknown } | null | undefined)?.message;
  if (Array.isArray(message)) return message.filter((part) => typeof part === 'string').join('; ').slice(0, 500) || fallback;
  return typeof message === 'string' ? message.slice(0, 500) : fallback;
}

/** `retry-after` in seconds (a number or an HTTP date), or null. */
function retryAfterSeconds(headers: Headers | undefined): number | null {
  const value = headers?.get('retry-after');
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * Sorts a failed request: 429 is "wait and ask again" (nothing was placed); other 4xx are refusals
 * with Vapi's words; a 5xx, a timeout or no answer at all leaves the call in doubt.
 */
export function classifyVapiError(error: unknown): CallRefused | CallInDoubt {
  if (error instanceof VapiTimeoutError) return new CallInDoubt('Vapi did not answer in time', { statusCode: null, reason: error.message });
  if (!(error instanceof VapiError)) return new CallInDoubt('Vapi could not be reached', { statusCode: null, reason: error instanceof Error ? error.message : String(error) });
  const statusCode = error.statusCode ?? null;
  if (statusCode === null) return new CallInDoubt('Vapi could not be reached', { statusCode, reason: error.message });
  const reason = errorMessage(error.body, error.message);
  if (statusCode === 429) {
    return new CallRefused(`Vapi asked to slow down: ${reason}`, { statusCode, reason, retriable: true, retryAfterSeconds: retryAfterSeconds(error.rawResponse?.headers) });
  }
  if (statusCode >= 500) return new CallInDoubt(`Vapi failed (${statusCode}): ${reason}`, { statusCode, reason });
  return new CallRefused(`Vapi refused the call (${statusCode}): ${reason}`, { statusCode, reason, retriable: false });
}
