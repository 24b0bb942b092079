import type { Config } from './schema.ts';

export const PROVIDERS = ['email', 'voice', 'ai', 'search'] as const;
export type Provider = (typeof PROVIDERS)[number];
/** How a provider runs: against its local stand-in, or against the real service. */
export type ProviderMode = 'sandbox' | 'live';

/**
 * What the product says about a provider. `unavailable`: neither a key nor the local stand-in is
 * set up, so nothing answers. `last_test_failed`: the key in use failed its last "Test connection",
 * so it is not called live.
 */
export type ProviderState = ProviderMode | 'unavailable' | 'last_test_failed';

export interface ProviderStatus {
  provider: Provider;
  mode: ProviderState;
  /** Which service answers in live mode, or what stands in for it in the sandbox. */
  via: string;
  /** A sentence for what a person might otherwise assume wrongly (a saved key that nothing uses). */
  note?: string;
}

/** What stands in for OpenAI without a key (apps/worker/src/adapters/ai-writer/sandbox.ts). */
export const AI_SANDBOX_VIA = "sandbox writer (set sentences from the lead's details, no AI)";
/** What stands in for Vapi without a key (packages/sandbox-world/src/caller/). */
export const VOICE_SANDBOX_VIA = 'Sandbox caller — simulated calls, no real phone calls';

/** Vapi's webhooks are how calls move along; without a way to trust them, only reconciliation settles a call. */
const VAPI_WITHOUT_WEBHOOK_SECRET =
  "VAPI_WEBHOOK_HMAC_SECRET and VAPI_WEBHOOK_SECRET are unset, so /webhooks/vapi refuses Vapi's messages: a call's progress shows only once the scheduler asks Vapi about it (after CALL_STALE_AFTER_MS).";

/**
 * Every provider runs locally with no key and goes live with one. Voice's local stand-in, the
 * sandbox caller, needs SANDBOX_CALL_WEBHOOK_SECRET (`pnpm start` sets one): without it a process
 * started by hand has no way to place a call, and says so.
 */
export function providerStatuses(config: Config): ProviderStatus[] {
  return [
    config.RESEND_API_KEY
      ? { provider: 'email', mode: 'live', via: 'Resend' }
      : config.SMTP_URL
        ? { provider: 'email', mode: 'live', via: 'SMTP' }
        : { provider: 'email', mode: 'sandbox', via: 'local outbox and a simulated recipient (nothing is sent)' },
    config.VAPI_API_KEY
      ? { provider: 'voice', mode: 'live', via: 'Vapi', ...(config.VAPI_WEBHOOK_HMAC_SECRET || config.VAPI_WEBHOOK_SECRET ? {} : { note: VAPI_WITHOUT_WEBHOOK_SECRET }) }
      : config.SANDBOX_CALL_WEBHOOK_SECRET
        ? { provider: 'voice', mode: 'sandbox', via: VOICE_SANDBOX_VIA }
        : {
            provider: 'voice',
            mode: 'unavailable',
            via: 'not available',
            note: 'No Vapi key, and the sandbox caller is off (SANDBOX_CALL_WEBHOOK_SECRET is not set): queued calls wait. `pnpm start` turns the sandbox caller on.',
          },
    config.OPENAI_API_KEY
      ? { provider: 'ai', mode: 'live', via: `OpenAI (${config.OPENAI_MODEL})` }
      : { provider: 'ai', mode: 'sandbox', via: AI_SANDBOX_VIA },
    config.GOOGLE_SEARCH_API_KEY
      ? { provider: 'search', mode: 'live', via: 'Google Custom Search' }
      : { provider: 'search', mode: 'sandbox', via: 'sandbox world' },
  ];
}
