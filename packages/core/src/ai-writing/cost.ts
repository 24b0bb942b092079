/** US dollars per million tokens, input (prompt) and output (completion). */
export interface ModelPriceUsdPerMillionTokens {
  input: number;
  output: number;
}

export type ModelPriceTable = Readonly<Record<string, ModelPriceUsdPerMillionTokens>>;

/**
 * OpenAI's list prices when this table was written (standard tier, USD per 1M tokens). Prices are
 * configuration, not facts of the code: they change, and OPENAI_PRICE_USD_PER_1M_TOKENS overrides
 * the configured model's price ("input/output", e.g. "0.15/0.60"). A model missing from the table
 * and not overridden records its tokens with an unknown (null) cost rather than a wrong one.
 */
export const OPENAI_PRICES_USD_PER_1M_TOKENS: ModelPriceTable = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
};

/** The writer's default: cheap, fast and supports strict structured outputs. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

const TOKENS_PER_MILLION = 1_000_000;
// cost_usd is stored as numeric(12, 6): micro-dollars are the finest unit kept.
const USD_DECIMALS = 6;

/** The price of a model, matching a dated snapshot ("gpt-4o-mini-2024-07-18") to its family. */
export function modelPrice(model: string, prices: ModelPriceTable = OPENAI_PRICES_USD_PER_1M_TOKENS): ModelPriceUsdPerMillionTokens | null {
  return prices[model] ?? prices[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')] ?? null;
}

/** What a call cost in USD, rounded to micro-dollars; null when the model's price is unknown. */
export function costUsd(model: string, usage: TokenUsage, prices: ModelPriceTable = OPENAI_PRICES_USD_PER_1M_TOKENS): number | null {
  const price = modelPrice(model, prices);
  if (!price) return null;
  const exact = (usage.inputTokens * price.input + usage.outputTokens * price.output) / TOKENS_PER_MILLION;
  return Number(exact.toFixed(USD_DECIMALS));
}

/** Parses OPENAI_PRICE_USD_PER_1M_TOKENS ("input/output"); null when it is not of that form. */
export function parseModelPrice(value: string): ModelPriceUsdPerMillionTokens | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
  return match ? { input: Number(match[1]), output: Number(match[2]) } : null;
}
