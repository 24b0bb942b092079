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

  it('keeps voice calls not built whatever key is saved', () => {
    const statuses = withWorkspaceKeys(sandbox, [{ provider: 'vapi', lastTestOk: true }]);
    expect(byProvider(statuses, 'voice')).toMatchObject({ mode: 'not_built', note: expect.stringContaining('not built yet') });
  });

  it("writes with the workspace's OpenAI key, and with the sandbox writer without one", () => {
    expect(byProvider(sandbox, 'ai')).toMatchObject({ mode: 'sandbox', via: expect.stringContaining('sandbox writer') });
    expect(byProvider(withWorkspaceKeys(sandbox, [{ provider: 'openai', lastTestOk: true }]), 'ai')).toEqual({ provider: 'ai', mode: 'live', via: 'OpenAI (workspace key)' });
    expect(byProvider(withWorkspaceKeys(sandbox, [{ provider: 'openai', lastTestOk: false }]), 'ai')).toMatchObject({ mode: 'last_test_failed' });
  });
});

describe("the environment's keys", () => {
  const live = providerStatuses(
    parseConfig({ RESEND_API_KEY: 're_server_key_0123456789', OPENAI_API_KEY: 'sk-server-0123456789', GOOGLE_SEARCH_API_KEY: 'AIza-server-0123', GOOGLE_SEARCH_ENGINE_ID: 'cx' }),
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
    expect(keyState('openai', null, { lastTestOk: false })).toBe('last_test_failed');
    expect(keyState('openai', null, { lastTestOk: true })).toBe('live');
    expect(keyState('openai', null, { lastTestOk: null })).toBe('live');
    expect(keyState('openai', { provider: 'openai', lastTestOk: true }, { lastTestOk: false })).toBe('live');
  });

  it('says what each saved key does today', () => {
    expect(keyState('search', { provider: 'search', lastTestOk: false }, false)).toBe('last_test_failed');
    expect(keyState('search', { provider: 'search', lastTestOk: true }, false)).toBe('live');
    expect(keyState('search', null, false)).toBe('sandbox');
    expect(keyState('resend', { provider: 'resend', lastTestOk: true }, false)).toBe('live');
    expect(keyState('vapi', { provider: 'vapi', lastTestOk: true }, false)).toBe('not_built');
    expect(keyState('smtp', null, true)).toBe('live');
    expect(keyState('vapi', { provider: 'vapi', lastTestOk: true }, true)).toBe('not_built');
    expect(keyState('openai', null, false)).toBe('sandbox');
    expect(keyState('openai', null, true)).toBe('live');
    expect(keyState('openai', { provider: 'openai', lastTestOk: null }, false)).toBe('live');
  });
});
