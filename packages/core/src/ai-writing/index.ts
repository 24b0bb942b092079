export { writerEvidenceFrom, evidenceLines, WRITER_DESCRIPTION_MAX_CHARS, type WriterEvidence, type LeadForWriter } from './evidence.ts';
export { AI_WRITING_JSON_SCHEMA, AI_SUBJECT_MAX_CHARS, AI_OPENING_MAX_CHARS, ZAiWriting, type AiWriting } from './schema.ts';
export { buildWritingPrompt, type WritingPrompt, type WritingRequest } from './prompt.ts';
export { validateWriting, type WritingCheck, type WritingRejection } from './validate.ts';
export {
  OPENAI_PRICES_USD_PER_1M_TOKENS,
  DEFAULT_OPENAI_MODEL,
  costUsd,
  modelPrice,
  parseModelPrice,
  type ModelPriceTable,
  type ModelPriceUsdPerMillionTokens,
  type TokenUsage,
} from './cost.ts';
export { aiWritingCacheKey, type AiWritingKey } from './cache-key.ts';
export { AI_FALLBACK_REASONS, AI_WRITERS, type AiFallbackReason, type AiWriterName, type AiWritingResult } from './result.ts';
export { withOpening } from './opening.ts';
