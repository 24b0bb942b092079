import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse.ts';
import { providerStatuses } from '../config/providers.ts';
import { keyState, withWorkspaceKeys } from './kinds.ts';

const sandbox = providerStatuses(parseConfig({}));
const byProvider = (statuses: ReturnType<typeof withWorkspaceKeys>, provider: string) => statuses.find((status) => status.provider === provider);

describe('withWorkspaceKeys', () => {
  it('calls search live on a workspace key that passed or was never tested', () => {
    expect(byProvider(withWorkspaceKeys(sandbox, [{ provider: 'search', lastTestOk: true }]), 'search')).toEqual({
      provider: 'search',
      mode: 'live',
      via: 'Google Custom Search (workspace key)',
    });
    expect(byProvider(withWorkspaceKeys(sandbox, [{ provider: 'search', lastTestOk: null }]), 'search')).toMatchObject({ mode: 'live' });
  });

  it('does not call a key live when its last test failed', () => {
    expect(byProvider(withWorkspaceKeys(sandbox, [{ provider: 'search', lastTestOk: false }]), 'search')).toMatchObject({
      mode: 'last_test_failed',
      via: 'Google Custom Search (workspace key)',
    });
  });

  it("sends campaign email with the workspace's own Resend key, and says sign-in links still use the server's settings", () => {
    const inSandbox = byProvider(withWorkspaceKeys(sandbox, [{ provider: 'resend', lastTestOk: true }]), 'email');
    expect(inSandbox).toMatchObject({ mode: 'live', via: 'Resend (workspace key)' });
    expect(inSandbox?.note).toBe("Campaign email goes out with this workspace's key; sign-in and reset links use the server's settings.");

    const withSmtp = providerStatuses(parseConfig({ SMTP_URL: 'smtp://user:pw@mail.example.com:587' }));
    expect(byProvider(withWorkspaceKeys(withSmtp, [{ provider: 'resend', lastTestOk: false }]), 'email')).toMatchObject({ mode: 'last_test_failed', via: 'Resend (workspace key)' });
  });

  it("calls voice live on the workspace's own Vapi key, and says so when its last test failed", () => {
    expect(byProvider(sandbox, 'voice')).toMatchObject({ mode: 'unavailable' });
    const withCaller = providerStatuses(parseConfig({ SANDBOX_CALL_WEBHOOK_SECRET: 'sandbox-caller-secret-0123456789' }));
    expect(byProvider(withCaller, 'voice')).toEqual({ provider: 'voice', mode: 'sandbox', via: 'Sandbox caller — simulated calls, no real phone calls' });
    expect(byProvider(withWorkspaceKeys(withCaller, [{ provider: 'vapi', lastTestOk: true }]), 'voice')).toEqual({ provider: 'voice', mode: 'live', via: 'Vapi (workspace key)' });
    // A workspace key is used even where the worker has no sandbox caller.
    expect(byProvider(withWorkspaceKeys(sandbox, [{ provider: 'vapi', lastTestOk: null }]), 'voice')).toEqual({ provider: 'voice', mode: 'live', via: 'Vapi (workspace key)' });
    expect(byProvider(withWorkspaceKeys(withCaller, [{ provider: 'vapi', lastTestOk: false }]), 'voice')).toMatchObject({ mode: 'last_test_failed', via: 'Vapi (workspace key)' });
  });

  it("writes with the workspace's OpenAI key, and with the sandbox writer without one", () => {
    expect(byProvider(sandbox, 'ai')).toMatchObject({ mode: 'sandbox', via: expect.stringContaining('sandbox writer') });
    expect(byProvider(withWorkspaceKeys(sandbox, [{ provider: 'openai', lastTestOk: true }]), 'ai')).toEqual({ provider: 'ai', mode: 'live', via: 'OpenAI (workspace key)' });
    expect(byProvider(withWorkspaceKeys(sandbox, [{ provider: 'openai', lastTestOk: false }]), 'ai')).toMatchObject({ mode: 'last_test_failed' });
  });
});

describe("the environment's keys", () => {
  const live = providerStatuses(
    parseConfig({
      RESEND_API_KEY: 're_server_key_0123456789',
      OPENAI_API_KEY: 'sk-server-0123456789',
      GOOGLE_SEARCH_API_KEY: 'AIza-server-0123',
      GOOGLE_SEARCH_ENGINE_ID: 'cx',
      VAPI_API_KEY: 'vapi-server-key-0123',
      VAPI_PHONE_NUMBER_ID: 'pn-server',
      VAPI_WEBHOOK_HMAC_SECRET: 'vapi-hmac-secret-0123456789',
    }),
  );

  it('are not called live once their last "Test connection" failed, and are again after one passes', () => {
    const failed = withWorkspaceKeys(live, [], [{ provider: 'resend', ok: false }, { provider: 'openai', ok: true }]);
    expect(byProvider(failed, 'email')).toEqual({
      provider: 'email',
      mode: 'last_test_failed',
      via: 'Resend',
      note: 'The server\'s Resend key failed its last "Test connection".',
    });
    expect(byProvider(failed, 'ai')).toMatchObject({ mode: 'live' });
    expect(byProvider(failed, 'search')).toMatchObject({ mode: 'live' });
    expect(byProvider(failed, 'voice')).toEqual({ provider: 'voice', mode: 'live', via: 'Vapi' });
    expect(byProvider(withWorkspaceKeys(live, [], [{ provider: 'vapi', ok: false }]), 'voice')).toEqual({
      provider: 'voice',
      mode: 'last_test_failed',
      via: 'Vapi',
      note: 'The server\'s Vapi key failed its last "Test connection".',
    });
    expect(byProvider(withWorkspaceKeys(live, [], [{ provider: 'resend', ok: true }]), 'email')).toMatchObject({ mode: 'live' });
  });

  it("matter only where they are used: SMTP's failure says nothing of Resend, and a workspace key replaces the server's", () => {
    expect(byProvider(withWorkspaceKeys(live, [], [{ provider: 'smtp', ok: false }]), 'email')).toMatchObject({ mode: 'live', via: 'Resend' });
    const smtp = providerStatuses(parseConfig({ SMTP_URL: 'smtp://user:pw@mail.example.com:587' }));
    expect(byProvider(withWorkspaceKeys(smtp, [], [{ provider: 'smtp', ok: false }]), 'email')).toMatchObject({ mode: 'last_test_failed', via: 'SMTP' });
    expect(byProvider(withWorkspaceKeys(live, [{ provider: 'search', lastTestOk: true }], [{ provider: 'search', ok: false }]), 'search')).toMatchObject({
      mode: 'live',
      via: 'Google Custom Search (workspace key)',
    });
    // A stale result for a kind the server no longer holds changes nothing.
    expect(byProvider(withWorkspaceKeys(sandbox, [], [{ provider: 'openai', ok: false }]), 'ai')).toMatchObject({ mode: 'sandbox' });
  });
});

describe('keyState', () => {
  it("calls the environment's key live only while its last test did not fail", () => {
    expect(keyState(null, { lastTestOk: false })).toBe('last_test_failed');
    expect(keyState(null, { lastTestOk: true })).toBe('live');
    expect(keyState(null, { lastTestOk: null })).toBe('live');
    expect(keyState({ provider: 'openai', lastTestOk: true }, { lastTestOk: false })).toBe('live');
  });

  it('says what each saved key does today', () => {
    expect(keyState({ provider: 'search', lastTestOk: false }, false)).toBe('last_test_failed');
    expect(keyState({ provider: 'search', lastTestOk: true }, false)).toBe('live');
    expect(keyState(null, false)).toBe('sandbox');
    expect(keyState({ provider: 'resend', lastTestOk: true }, false)).toBe('live');
    expect(keyState({ provider: 'vapi', lastTestOk: true }, false, 'unavailable')).toBe('live');
    expect(keyState({ provider: 'vapi', lastTestOk: false }, true)).toBe('last_test_failed');
    expect(keyState(null, true)).toBe('live');
    expect(keyState({ provider: 'openai', lastTestOk: null }, false)).toBe('live');
  });

  it('says a kind with neither key is unavailable when it has no sandbox (voice without the sandbox caller)', () => {
    expect(keyState(null, false, 'unavailable')).toBe('unavailable');
    expect(keyState(null, { lastTestOk: null }, 'unavailable')).toBe('live');
  });
});
