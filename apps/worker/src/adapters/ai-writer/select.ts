import { OPENAI_PRICES_USD_PER_1M_TOKENS, parseModelPrice, type Config, type ModelPriceTable } from '@switchboard/core';
import type { ProviderKeyResolver } from '@switchboard/db';
import { openAiWriter } from './client.ts';
import { sandboxAiWriter } from './sandbox.ts';
import type { AiWriter } from './types.ts';

export interface AiWriterSettings {
  model: string;
  baseUrl?: string | undefined;
  timeoutMs?: number;
  maxRetries?: number;
  prices?: ModelPriceTable;
}

/** Which writer answers for a workspace. */
export type AiWriterFor = (workspaceId: string) => Promise<AiWriter>;

/** The writer settings the environment configures, the price override merged into the table. */
export function aiWriterSettingsFrom(config: Config): AiWriterSettings {
  const override = config.OPENAI_PRICE_USD_PER_1M_TOKENS ? parseModelPrice(config.OPENAI_PRICE_USD_PER_1M_TOKENS) : null;
  return {
    model: config.OPENAI_MODEL,
    baseUrl: config.OPENAI_BASE_URL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    prices: override ? { ...OPENAI_PRICES_USD_PER_1M_TOKENS, [config.OPENAI_MODEL]: override } : OPENAI_PRICES_USD_PER_1M_TOKENS,
  };
}

/** OpenAI with the workspace's own key, else the environment's; the sandbox writer without either. */
export function createAiWriterResolver(providerKey: ProviderKeyResolver, settings: AiWriterSettings): AiWriterFor {
  return async (workspaceId) => {
    const key = await providerKey(workspaceId, 'openai');
    return key ? openAiWriter({ ...settings, apiKey: key.fields.apiKey }) : sandboxAiWriter;
  };
}
