/** Why a writing fell back to the plain template. */
export const AI_FALLBACK_REASONS = [
  'timeout',
  'rate_limited',
  'provider_error',
  'auth_failed',
  'invalid_json',
  'schema_violation',
  'refusal',
  'truncated',
  'placeholder',
  'ungrounded',
  'lead_not_found',
] as const;
export type AiFallbackReason = (typeof AI_FALLBACK_REASONS)[number];

export const AI_WRITERS = ['openai', 'sandbox'] as const;
export type AiWriterName = (typeof AI_WRITERS)[number];

interface WritingCost {
  writer: AiWriterName;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** USD; null when the model's price is unknown. */
  costUsd: number | null;
}

/**
 * A writer's outcome. It never throws: a fallback tells the caller to send the plain template, and
 * says why (tokens a rejected answer used are still counted: they were paid for).
 */
export type AiWritingResult =
  | (WritingCost & { fallback: false; subject: string; opening: string })
  | (WritingCost & { fallback: true; reason: AiFallbackReason; detail: string });
