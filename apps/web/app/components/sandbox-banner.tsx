import type { ProviderStatus } from '@switchboard/core';

/** Says plainly which providers are simulated, so nobody mistakes the sandbox for the real thing. */
export function SandboxBanner({ providers }: { providers: readonly ProviderStatus[] }) {
  const simulated = providers.filter((provider) => provider.mode === 'sandbox');
  if (simulated.length === 0) return null;
  const names = simulated.map((provider) => PROVIDER_LABELS[provider.provider]);
  const everything = simulated.length === providers.length;
  return (
    <div className="sandbox-banner" role="status">
      <strong>Sandbox</strong>
      <span>
        {everything ? 'Email, voice calls, AI writing and search' : joinNames(names)} run on local simulators; nothing leaves this
        machine. Add provider keys to go live.
      </span>
    </div>
  );
}

const PROVIDER_LABELS: Record<ProviderStatus['provider'], string> = {
  email: 'email',
  voice: 'voice calls',
  ai: 'AI writing',
  search: 'search',
};

function joinNames(names: string[]): string {
  const sentence = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
