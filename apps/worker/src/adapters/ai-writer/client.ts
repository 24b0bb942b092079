import {
  AI_WRITING_JSON_SCHEMA,
  buildWritingPrompt,
  costUsd,
  validateWriting,
  type AiFallbackReason,
  type AiWritingResult,
  type ModelPriceTable,
} from '@switchboard/core';
import OpenAI from 'openai';
import type { AiWriter } from './types.ts';

export interface OpenAiWriterOptions {
  apiKey: string;
  /** https://api.openai.com/v1 when unset; any OpenAI-compatible endpoint (or the test fake) otherwise. */
  baseUrl?: string | undefined;
  model: string;
  /** Per attempt. The whole call takes at most (maxRetries + 1) × this, plus the SDK's short backoff. */
  timeoutMs?: number;
  /** Retries the SDK makes on 408/409/429/5xx and connection errors; kept small so a send never waits long. */
  maxRetries?: number;
  prices?: ModelPriceTable;
}

export const OPENAI_TIMEOUT_MS = 15_000;
const OPENAI_MAX_RETRIES = 1;
const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
// A subject and two sentences are ~100 tokens; the cap bounds what a runaway answer can cost.
const MAX_COMPLETION_TOKENS = 1_000;

/**
 * OpenAI Chat Completions with a strict JSON-schema response format. Every failure — timeout, 429,
 * 5xx, refusal, bad JSON, an answer that breaks the schema or invents facts — becomes a fallback
 * result with its reason, so the caller sends the plain template instead of waiting.
 */
export function openAiWriter(options: OpenAiWriterOptions): AiWriter {
  // Every setting passed explicitly: the SDK would otherwise read OPENAI_* from process.env itself.
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? DEFAULT_BASE_URL,
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: options.timeoutMs ?? OPENAI_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? OPENAI_MAX_RETRIES,
  });
  const { model } = options;
  const base = { writer: 'openai' as const, model };

  return {
    name: 'openai',
    model,
    async write(request, signal): Promise<AiWritingResult> {
      const prompt = buildWritingPrompt(request);
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create(
          {
            model,
            messages: [
              { role: 'system', content: prompt.system },
              { role: 'user', content: prompt.user },
            ],
            response_format: { type: 'json_schema', json_schema: AI_WRITING_JSON_SCHEMA },
            max_completion_tokens: MAX_COMPLETION_TOKENS,
          },
          signal ? { signal } : {},
        );
      } catch (error) {
        const { reason, detail } = failureOf(error);
        return { ...base, fallback: true, reason, detail, inputTokens: 0, outputTokens: 0, costUsd: 0 };
      }

      const usage = { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 };
      const spent = { ...base, ...usage, costUsd: costUsd(model, usage, options.prices) };
      const fallback = (reason: AiFallbackReason, detail: string): AiWritingResult => ({ ...spent, fallback: true, reason, detail });

      const choice = completion.choices[0];
      if (!choice) return fallback('provider_error', 'OpenAI answered without a choice');
      if (choice.message.refusal) return fallback('refusal', `the model refused: ${choice.message.refusal.slice(0, 200)}`);
      if (choice.finish_reason === 'content_filter') return fallback('refusal', 'the content filter stopped the answer');
      if (choice.finish_reason === 'length') return fallback('truncated', `the answer was cut at ${MAX_COMPLETION_TOKENS} tokens`);
      let answer: unknown;
      try {
        answer = JSON.parse(choice.message.content ?? '');
      } catch {
        return fallback('invalid_json', 'the answer is not JSON');
      }
      const checked = validateWriting(answer, request.evidence, request.templateSubject);
      if (!checked.ok) return fallback(checked.reason, checked.detail);
      return { ...spent, fallback: false, subject: checked.writing.subject, opening: checked.writing.opening };
    },
  };
}

/** The SDK's error classes as fallback reasons. Details carry status and code, never the provider's text (it may quote the key). */
function failureOf(error: unknown): { reason: AiFallbackReason; detail: string } {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { reason: 'timeout', detail: 'OpenAI did not answer in time' };
  if (error instanceof OpenAI.APIUserAbortError) return { reason: 'timeout', detail: 'the call was cancelled' };
  if (error instanceof OpenAI.APIConnectionError) return { reason: 'provider_error', detail: 'OpenAI could not be reached' };
  if (error instanceof OpenAI.RateLimitError) return { reason: 'rate_limited', detail: `OpenAI answered 429${error.code ? ` (${error.code})` : ''}` };
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
    return { reason: 'auth_failed', detail: `OpenAI refused the key (${error.status})` };
  }
  if (error instanceof OpenAI.APIError) return { reason: 'provider_error', detail: `OpenAI answered ${error.status ?? 'an error'}${error.code ? ` (${error.code})` : ''}` };
  return { reason: 'provider_error', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
