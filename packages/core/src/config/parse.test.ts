import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './parse.ts';

describe('parseConfig', () => {
  it('fills in defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SWITCHBOARD_DATA_DIR).toBe('.switchboard');
    expect(config.WORKER_DRAIN_TIMEOUT_MS).toBe(15_000);
    expect(config.EMAIL_STUCK_SENDING_MS).toBe(600_000);
    expect(config.SMTP_ALLOW_PRIVATE_HOSTS).toBe(false);
  });

  it('reads SMTP_ALLOW_PRIVATE_HOSTS as true or false and nothing else', () => {
    expect(parseConfig({ SMTP_ALLOW_PRIVATE_HOSTS: 'true' }).SMTP_ALLOW_PRIVATE_HOSTS).toBe(true);
    expect(parseConfig({ SMTP_ALLOW_PRIVATE_HOSTS: 'false' }).SMTP_ALLOW_PRIVATE_HOSTS).toBe(false);
    expect(() => parseConfig({ SMTP_ALLOW_PRIVATE_HOSTS: 'yes' })).toThrow(/SMTP_ALLOW_PRIVATE_HOSTS.*true or false/);
  });

  it('reads EMAIL_STUCK_SENDING_MS as a positive number of milliseconds', () => {
    expect(parseConfig({ EMAIL_STUCK_SENDING_MS: '1500' }).EMAIL_STUCK_SENDING_MS).toBe(1_500);
    expect(() => parseConfig({ EMAIL_STUCK_SENDING_MS: '0' })).toThrow(/EMAIL_STUCK_SENDING_MS must be a positive number of milliseconds/);
  });

  it('names the variable and what it expects in one line when a value is bad', () => {
    expect(() => parseConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'abc' })).toThrow(
      'Invalid configuration: PORT must be an integer port number from 1 to 65535 (got "abc")',
    );
  });

  it('rejects ports out of range and non-postgres database URLs', () => {
    expect(() => parseConfig({ PORT: '70000' })).toThrow(/PORT must be an integer port number/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x@localhost/db' })).toThrow(/DATABASE_URL must be a postgres:\/\/ connection URL/);
  });

  it('never echoes a secret-looking value back in the error', () => {
    let message = '';
    try {
      parseConfig({ DATABASE_URL: 'not a url with hunter2' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('hunter2');
  });

  it('takes a Resend webhook signing secret and names the variable, not the value, when it is not one', () => {
    expect(parseConfig({ RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }).RESEND_WEBHOOK_SECRET).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(() => parseConfig({ RESEND_WEBHOOK_SECRET: 'not a secret!' })).toThrow(/^Invalid configuration: RESEND_WEBHOOK_SECRET must be the signing secret Resend shows for the webhook, like whsec_…$/);
  });

  it('takes the Vapi webhook secrets, refusing short ones by name', () => {
    const config = parseConfig({ VAPI_WEBHOOK_HMAC_SECRET: 'h'.repeat(32), VAPI_WEBHOOK_SECRET: 's'.repeat(16) });
    expect([config.VAPI_WEBHOOK_HMAC_SECRET, config.VAPI_WEBHOOK_SECRET]).toEqual(['h'.repeat(32), 's'.repeat(16)]);
    expect(() => parseConfig({ VAPI_WEBHOOK_SECRET: 'short' })).toThrow(/^Invalid configuration: VAPI_WEBHOOK_SECRET must be the server secret Vapi sends in x-vapi-secret, at least 16 characters$/);
  });

  it('treats empty strings as unset, as .env files write them', () => {
    const config = parseConfig({ PORT: '', OPENAI_API_KEY: '', DATABASE_URL: '' });
    expect(config.PORT).toBe(3000);
    expect(config.OPENAI_API_KEY).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('requires the companions of a provider key', () => {
    expect(() => parseConfig({ GOOGLE_SEARCH_API_KEY: 'k-123456789' })).toThrow(/GOOGLE_SEARCH_ENGINE_ID must be/);
    expect(() => parseConfig({ VAPI_API_KEY: 'v-123456789' })).toThrow(/VAPI_PHONE_NUMBER_ID must be/);
  });

  it('reports every bad variable, one per line', () => {
    try {
      parseConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      const lines = (error as Error).message.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    }
  });

  it('reads ALLOWED_HOSTS as a list of host[:port] and names it when an entry is not a host', () => {
    expect(parseConfig({}).ALLOWED_HOSTS).toEqual([]);
    expect(parseConfig({ ALLOWED_HOSTS: ' Switchboard.LAN , 10.0.0.5:3000,[::1]:8080,' }).ALLOWED_HOSTS).toEqual([
      'switchboard.lan',
      '10.0.0.5:3000',
      '[::1]:8080',
    ]);
    for (const bad of ['http://switchboard.lan', 'switchboard.lan:99999', 'a b', 'host/path', '*.example.com']) {
      expect(() => parseConfig({ ALLOWED_HOSTS: bad })).toThrow(/^Invalid configuration: ALLOWED_HOSTS must be a comma-separated list of host names/);
    }
  });
});
