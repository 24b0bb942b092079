import type { ProviderStatus } from '@switchboard/core';

/** What runs locally instead of for real, and what cannot run at all: nobody should mistake either for the real thing. */
export function SandboxBanner({ providers }: { providers: readonly ProviderStatus[] }) {
  const local = providers.filter((provider) => provider.mode === 'sandbox');
  if (local.length === 0) return null;
  const unavailable = providers.filter((provider) => provider.mode === 'unavailable').map((provider) => PROVIDER_NAMES[provider.provider]);
  const everythingLocal = providers.every((provider) => provider.mode === 'sandbox' || provider.mode === 'unavailable');
  return (
    <div className="sandbox-banner" role="status">
      <strong>Sandbox</strong>
      <span>
        {capitalise(joinNames(local.map((provider) => SANDBOX_SENTENCES[provider.provider])))}
        {everythingLocal ? '; nothing leaves this machine.' : '.'} Add provider keys to go live.
        {unavailable.length > 0 ? ` ${capitalise(joinNames(unavailable))} cannot run: no key and no sandbox set up.` : ''}
      </span>
    </div>
  );
}

const SANDBOX_SENTENCES: Record<ProviderStatus['provider'], string> = {
  email: 'email stays in the local outbox, where a simulated recipient answers it (nobody real receives it)',
  voice: 'voice calls are simulated by the sandbox caller (no real phone calls)',
  search: 'search answers from the sandbox world',
  ai: 'AI writing uses a sandbox writer (no AI)',
};

const PROVIDER_NAMES: Record<ProviderStatus['provider'], string> = {
  email: 'email',
  voice: 'voice calls',
  ai: 'AI writing',
  search: 'search',
};

function joinNames(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function capitalise(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
