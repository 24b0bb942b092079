import type { Logger } from '@switchboard/core';
import type { ProviderKeyResolver } from '@switchboard/db';
import { startSandboxCaller, type SandboxCaller } from '@switchboard/sandbox-world/caller';
import { vapiCallerFor } from './select.ts';
import type { VoiceCaller } from './types.ts';
import { vapiCaller } from './vapi.ts';

/** How the worker runs the sandbox caller (SANDBOX_CALL_*); without these, a workspace with no Vapi key places no calls. */
export interface SandboxCallerSettings {
  /** The web server's /webhooks/vapi, where the sandbox caller posts its signed messages. */
  webhookUrl: string;
  /** SANDBOX_CALL_WEBHOOK_SECRET, which the web server is given too. */
  hmacSecret: string;
  timeScale: number;
  seed: number;
}

export interface VoiceCallers {
  /** Vapi with the workspace's key (or the environment's); else the sandbox caller when it is set up; else null. */
  voiceCaller(workspaceId: string): Promise<VoiceCaller | null>;
  /** The sandbox caller once it has been started (tests read its calls), else null. */
  sandbox(): Promise<SandboxCaller | null>;
  close(): Promise<void>;
}

/**
 * Voice calls for each workspace, as discovery resolves search: the live provider with a key, else the
 * local sandbox caller, started on first need. The same Vapi adapter talks to both; only the base URL
 * and key differ, so the sandbox exercises the real request and webhook paths.
 */
export function createVoiceCallers(options: { providerKey: ProviderKeyResolver; baseUrl: string | undefined; sandbox: SandboxCallerSettings | null; log: Logger }): VoiceCallers {
  const live = vapiCallerFor(options.providerKey, options.baseUrl);
  const log = options.log.child({ component: 'sandbox-caller' });
  let started: Promise<SandboxCaller> | undefined;
  let sandboxVoice: VoiceCaller | undefined;
  const sandboxCaller = (settings: SandboxCallerSettings) => {
    started ??= startSandboxCaller({
      ...settings,
      onDelivery(delivery) {
        if (delivery.httpStatus !== 200) log.warn({ vapiCallId: delivery.vapiCallId, type: delivery.type, httpStatus: delivery.httpStatus, problem: delivery.error }, 'the web server did not take a sandbox call message');
      },
    }).then((caller) => {
      log.info({ baseUrl: caller.baseUrl, seed: caller.seed, timeScale: caller.timeScale }, 'sandbox caller started');
      return caller;
    });
    return started;
  };
  return {
    async voiceCaller(workspaceId) {
      const caller = await live(workspaceId);
      if (caller || !options.sandbox) return caller;
      const sandbox = await sandboxCaller(options.sandbox);
      sandboxVoice ??= vapiCaller({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, sandbox: true });
      return sandboxVoice;
    },
    sandbox: async () => (started ? started : null),
    async close() {
      if (started) await (await started).close();
    },
  };
}
