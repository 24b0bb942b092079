import type { Config } from './schema.ts';

export const PROVIDERS = ['email', 'voice', 'ai', 'search'] as const;
export type Provider = (typeof PROVIDERS)[number];
export type ProviderMode = 'sandbox' | 'live';

export interface ProviderStatus {
  provider: Provider;
  mode: ProviderMode;
  /** Which service answers in live mode, or what simulates it in the sandbox. */
  via: string;
}

/** With no key a provider runs against its local simulator; a key makes it live. */
export function providerStatuses(config: Config): ProviderStatus[] {
  return [
    config.RESEND_API_KEY
      ? { provider: 'email', mode: 'live', via: 'Resend' }
      : config.SMTP_URL
        ? { provider: 'email', mode: 'live', via: 'SMTP' }
        : { provider: 'email', mode: 'sandbox', via: 'local outbox' },
    config.VAPI_API_KEY
      ? { provider: 'voice', mode: 'live', via: 'Vapi' }
      : { provider: 'voice', mode: 'sandbox', via: 'call simulator' },
    config.OPENAI_API_KEY
      ? { provider: 'ai', mode: 'live', via: 'OpenAI' }
      : { provider: 'ai', mode: 'sandbox', via: 'template writer' },
    config.GOOGLE_SEARCH_API_KEY
      ? { provider: 'search', mode: 'live', via: 'Google Custom Search' }
      : { provider: 'search', mode: 'sandbox', via: 'sandbox world' },
  ];
}
