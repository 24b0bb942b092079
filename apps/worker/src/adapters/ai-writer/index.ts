export { openAiWriter, OPENAI_TIMEOUT_MS, type OpenAiWriterOptions } from './client.ts';
export { sandboxAiWriter, SANDBOX_WRITER_MODEL } from './sandbox.ts';
export { createAiWriterResolver, aiWriterSettingsFrom, type AiWriterFor, type AiWriterSettings } from './select.ts';
export { writeOpening, type WriteOpeningInput, type WriteOpeningServices, type OpeningWriting } from './write-opening.ts';
export type { AiWriter } from './types.ts';
