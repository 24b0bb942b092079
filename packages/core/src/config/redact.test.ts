import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.ts';
import { providerStatuses } from './providers.ts';
import { maskSecret, maskUrlPassword, redactConfig, secretValues } from './redact.ts';

describe('secret handling', () => {
  it('shows only the last four characters of a long secret', () => {
    expect(maskSecret('sk-live-abcdef1234564f2a')).toBe('set, ends in …4f2a');
    expect(maskSecret('short')).toBe('set');
  });

  it('hides the password of a connection URL but keeps the rest readable', () => {
    expect(maskUrlPassword('postgres://app:s3cret@db.internal:5432/switchboard')).toBe(
      'postgres://app:*****@db.internal:5432/switchboard',
    );
    expect(maskUrlPassword('postgres://app@db/switchboard')).toBe('postgres://app@db/switchboard');
  });

  it('redacts every secret in the effective config', () => {
    const config = parseConfig({
      OPENAI_API_KEY: 'sk-openai-0000000000009f3c',
      RESEND_API_KEY: 're_resend_000000000000aa11',
      RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      DATABASE_URL: 'postgres://app:topsecretpw@localhost/app',
    });
    const printed = JSON.stringify(redactConfig(config));
    expect(printed).not.toContain('sk-openai-0000000000009f3c');
    expect(printed).not.toContain('re_resend_000000000000aa11');
    expect(printed).not.toContain('topsecretpw');
    expect(printed).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(printed).toContain('…9f3c');
    expect(secretValues(config)).toEqual(
      expect.arrayContaining(['sk-openai-0000000000009f3c', 're_resend_000000000000aa11', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'topsecretpw']),
    );
  });
});

describe('providerStatuses', () => {
  it('runs email, AI writing and search in the sandbox when no keys are set, and says voice is unavailable without the sandbox caller', () => {
    expect(providerStatuses(parseConfig({})).map((status) => `${status.provider}:${status.mode}`)).toEqual([
      'email:sandbox',
      'voice:unavailable',
      'ai:sandbox',
      'search:sandbox',
    ]);
    expect(providerStatuses(parseConfig({})).find((status) => status.provider === 'ai')?.via).toContain('sandbox writer');
    expect(providerStatuses(parseConfig({})).find((status) => status.provider === 'voice')?.note).toContain('SANDBOX_CALL_WEBHOOK_SECRET is not set');
    // Email has a simulator (the sandbox recipient), and so does voice once it has its secret: nothing else may claim one.
    expect(providerStatuses(parseConfig({})).find((status) => status.provider === 'email')?.via).toBe('local outbox and a simulated recipient (nothing is sent)');
    expect(JSON.stringify(providerStatuses(parseConfig({})).filter((status) => status.provider !== 'email'))).not.toMatch(/simulat/i);
  });

  it('runs voice calls at the sandbox caller once it has its secret, and at Vapi with a key', () => {
    const secret = { SANDBOX_CALL_WEBHOOK_SECRET: 'sandbox-caller-secret-0123456789' };
    expect(providerStatuses(parseConfig(secret)).find((status) => status.provider === 'voice')).toEqual({
      provider: 'voice',
      mode: 'sandbox',
      via: 'Sandbox caller — simulated calls, no real phone calls',
    });
    const vapi = { ...secret, VAPI_API_KEY: 'vapi-key-0123', VAPI_PHONE_NUMBER_ID: 'pn-1' };
    const voice = (env: Record<string, string>) => providerStatuses(parseConfig(env)).find((status) => status.provider === 'voice');
    expect(voice({ ...vapi, VAPI_WEBHOOK_SECRET: 'vapi-server-secret-0123456789' })).toEqual({ provider: 'voice', mode: 'live', via: 'Vapi' });
    // Live, but nothing would trust Vapi's webhooks: say what that means.
    expect(voice(vapi)).toMatchObject({ mode: 'live', via: 'Vapi', note: expect.stringContaining("/webhooks/vapi refuses Vapi's messages") });
  });

  it('goes live per built provider as its key appears, SMTP counting for email', () => {
    const statuses = providerStatuses(
      parseConfig({ SMTP_URL: 'smtp://user:pw@mail.local:587', OPENAI_API_KEY: 'sk-test-key-1234' }),
    );
    expect(statuses.find((status) => status.provider === 'email')).toMatchObject({ mode: 'live', via: 'SMTP' });
    expect(statuses.find((status) => status.provider === 'ai')).toEqual({ provider: 'ai', mode: 'live', via: 'OpenAI (gpt-4o-mini)' });
    expect(statuses.find((status) => status.provider === 'voice')).toMatchObject({ mode: 'unavailable', via: 'not available' });
  });
});
