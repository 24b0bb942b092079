import { createLogger } from '@switchboard/core/logging';
import type { ProviderKeyResolver } from '@switchboard/db';
import { startVapiFake } from '@switchboard/provider-fakes';
import { planSandboxCall } from '@switchboard/sandbox-world/caller';
import { afterEach, describe, expect, it } from 'vitest';
import { createVoiceCallers, type SandboxCallerSettings, type VoiceCallers } from './sandbox.ts';

const SECRET = 'sandbox-adapter-test-secret-01234';
// Nothing listens on the discard port: every webhook fails to arrive, and the caller says so in the log.
const NOWHERE = 'http://127.0.0.1:9/webhooks/vapi';
const NO_KEY: ProviderKeyResolver = async () => null;

function logLines(): { log: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ name: 'voice-sandbox-test', level: 'info', format: 'json', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { log, lines };
}

let callers: VoiceCallers | undefined;
afterEach(async () => {
  await callers?.close();
  callers = undefined;
});

const settings = (timeScale: number): SandboxCallerSettings => ({ webhookUrl: NOWHERE, hmacSecret: SECRET, timeScale, seed: 21 });
const request = (callId: string) => ({ callId, assistantId: 'asst-sandbox', phoneNumberId: 'pn-sandbox', customer: { number: '+15125550142', name: 'Hill Country Roofing & Gutters of Georgetown' } });

describe('createVoiceCallers', () => {
  it('puts a workspace without a Vapi key on the sandbox caller through the real Vapi adapter, and GET /call/{id} follows the call', async () => {
    const { log, lines } = logLines();
    callers = createVoiceCallers({ providerKey: NO_KEY, baseUrl: undefined, sandbox: settings(0.05), log });
    expect(await callers.sandbox()).toBeNull();
    const caller = (await callers.voiceCaller('ws-1'))!;
    const sandbox = (await callers.sandbox())!;
    expect(caller.provider).toBe('vapi');

    const callId = '0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7d01';
    const placed = await caller.createCall(request(callId));
    expect(placed).toEqual({ vapiCallId: expect.any(String), status: 'queued' });
    // The request as the adapter shapes it for Vapi: the simulator saw exactly that.
    expect(sandbox.vapi.placed.at(-1)!.body).toEqual({
      assistantId: 'asst-sandbox',
      phoneNumberId: 'pn-sandbox',
      customer: { number: '+15125550142', name: 'Hill Country Roofing & Gutters of George' },
      assistantOverrides: { metadata: { callId } },
      name: callId,
    });
    expect(await caller.getCall(placed.vapiCallId)).toMatchObject({ vapiCallId: placed.vapiCallId, status: 'queued', endedReason: null, callId });

    await sandbox.idle();
    const plan = planSandboxCall(21, callId, 'Hill Country Roofing & Gutters of George');
    expect(sandbox.planFor(placed.vapiCallId)).toEqual(plan);
    expect(await caller.getCall(placed.vapiCallId)).toMatchObject({ status: 'ended', endedReason: plan.endedReason, cost: 0, callId, endedAt: expect.any(Date) });
    expect(await caller.getCall('no-such-call')).toBeNull();
    // A second workspace shares the one sandbox caller.
    expect(await callers.voiceCaller('ws-2')).toBe(caller);
    expect(sandbox.deliveries.length).toBeGreaterThan(0);
    expect(sandbox.deliveries.every((delivery) => delivery.httpStatus === null)).toBe(true);
    expect(lines.filter((line) => line.msg === 'the web server did not take a sandbox call message')).toHaveLength(sandbox.deliveries.length);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
  });

  it('uses Vapi whenever a key resolves, and places nothing in the sandbox without its settings', async () => {
    const vapi = await startVapiFake();
    try {
      const withKey = (async () => ({ source: 'environment', fields: { apiKey: vapi.apiKey } })) as unknown as ProviderKeyResolver;
      callers = createVoiceCallers({ providerKey: withKey, baseUrl: vapi.baseUrl, sandbox: settings(0), log: logLines().log });
      await (await callers.voiceCaller('ws-1'))!.createCall(request('0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7d02'));
      expect(vapi.placedFor('0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7d02')).toBe(1);
      expect(await callers.sandbox()).toBeNull();

      const none = createVoiceCallers({ providerKey: NO_KEY, baseUrl: undefined, sandbox: null, log: logLines().log });
      expect(await none.voiceCaller('ws-1')).toBeNull();
      expect(await none.sandbox()).toBeNull();
    } finally {
      await vapi.close();
    }
  });
});
