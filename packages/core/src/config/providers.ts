import type { Config } from './schema.ts';

export const PROVIDERS = ['email', 'voice', 'ai', 'search'] as const;
export type Provider = (typeof PROVIDERS)[number];
/** How a built provider runs: against its local stand-in, or against the real service. */
export type ProviderMode = 'sandbox' | 'live';

/**
 * What the product says about a provider. `not_built`: no code uses it yet, whatever key is set.
 * `last_test_failed`: the key in use failed its last "Test connection", so it is not called live.
 */
export type ProviderState = ProviderMode | 'not_built' | 'last_test_failed';

export interface ProviderStatus {
  provider: Provider;
  mode: ProviderState;
  /** Which service answers in live mode, or what stands in for it in the sandbox. */
  via: string;
  /** A sentence for what a person might otherwise assume wrongly (a saved key that nothing uses). */
  note?: string;
}

/** Voice calls have no code behind them yet: a key for them changes nothing. */
export const PROVIDERS_NOT_BUILT: readonly Provider[] = ['voice'];

/** What stands in for OpenAI without a key (apps/worker/src/adapters/ai-writer/sandbox.ts). */
export const AI_SANDBOX_VIA = "sandbox writer (set sentences from the lead's details, no AI)";

/** Email, search and AI writing run locally with no key and go live with one; voice calls do not exist yet. */
export function providerStatuses(config: Config): ProviderStatus[] {
  return [
    config.RESEND_API_KEY
      ? { provider: 'email', mode: 'live', via: 'Resend' }
      : config.SMTP_URL
        ? { provider: 'email', mode: 'live', via: 'SMTP' }
        : { provider: 'email', mode: 'sandbox', via: 'local outbox (nothing is sent)' },
    notBuilt('voice', config.VAPI_API_KEY ? 'Vapi' : undefined),
    config.OPENAI_API_KEY
      ? { provider: 'ai', mode: 'live', via: `OpenAI (${config.OPENAI_MODEL})` }
      : { provider: 'ai', mode: 'sandbox', via: AI_SANDBOX_VIA },
    config.GOOGLE_SEARCH_API_KEY
      ? { provider: 'search', mode: 'live', via: 'Google Custom Search' }
      : { provider: 'search', mode: 'sandbox', via: 'sandbox world' },
  ];
}

function notBuilt(provider: Provider, keyFor: string | undefined): ProviderStatus {
  return {
    provider,
    mode: 'not_built',
    via: 'not available',
    ...(keyFor ? { note: `The server's ${keyFor} key is set but unused until this is built.` } : {}),
  };
}
