import type { AiWriterName, AiWritingResult, WritingRequest } from '@switchboard/core';

/** Writes a subject and opening for one lead and step. Never throws: a failure is a fallback result. */
export interface AiWriter {
  name: AiWriterName;
  /** Part of the cache key: a writing by another model is written again. */
  model: string;
  write(request: WritingRequest, signal?: AbortSignal): Promise<AiWritingResult>;
}
