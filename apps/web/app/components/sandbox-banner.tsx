import type { ProviderStatus } from '@switchboard/core';

/** What runs locally instead of for real, and what does not exist yet: nobody should mistake either for the real thing. */
export function SandboxBanner({ providers }: { providers: readonly ProviderStatus[] }) {
  const local = providers.filter((provider) => provider.mode === 'sandbox');
  if (local.length === 0) return null;
  const notBuilt = providers.filter((provider) => provider.mode === 'not_built').map((provider) => NOT_BUILT_LABELS[provider.provider]);
  const everythingLocal = providers.every((provider) => provider.mode === 'sandbox' || provider.mode === 'not_built');
  return (
    <div className="sandbox-banner" role="status">
      <strong>Sandbox</strong>
      <span>
        {capitalise(joinNames(local.map((provider) => SANDBOX_SENTENCES[provider.provider] ?? `${provider.provider} runs locally`)))}
        {everythingLocal ? '; nothing leaves this machine.' : '.'} Add provider keys to go live.
        {notBuilt.length > 0 ? ` ${capitalise(joinNames(notBuilt))} ${notBuilt.length === 1 ? 'is' : 'are'} not built yet.` : ''}
      </span>
    </div>
  );
}

/** Email, search and AI writing have a sandbox; voice calls are `not_built`, never `sandbox`. */
const SANDBOX_SENTENCES: Partial<Record<ProviderStatus['provider'], string>> = {
  email: 'email stays in the local outbox',
  search: 'search answers from the sandbox world',
  ai: 'AI writing uses a sandbox writer (no AI)',
};

const NOT_BUILT_LABELS: Record<ProviderStatus['provider'], string> = {
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
