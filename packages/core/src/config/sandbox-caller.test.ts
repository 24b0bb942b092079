import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.ts';
import { secretValues } from './redact.ts';

describe('the sandbox caller’s settings', () => {
  it('plays calls in real time with seed 11 and no secret unless told', () => {
    const config = parseConfig({});
    expect([config.SANDBOX_CALL_TIME_SCALE, config.SANDBOX_CALL_SEED, config.SANDBOX_CALL_WEBHOOK_SECRET]).toEqual([1, 11, undefined]);
  });

  it('reads a time scale above 0 and at most 10, and refuses anything else by name', () => {
    expect(parseConfig({ SANDBOX_CALL_TIME_SCALE: '0.01' }).SANDBOX_CALL_TIME_SCALE).toBe(0.01);
    for (const bad of ['0', '-1', 'fast', '11']) {
      expect(() => parseConfig({ SANDBOX_CALL_TIME_SCALE: bad })).toThrow(/SANDBOX_CALL_TIME_SCALE must be a number above 0 and at most 10/);
    }
    expect(() => parseConfig({ SANDBOX_CALL_SEED: '1.5' })).toThrow(/SANDBOX_CALL_SEED must be a positive integer/);
  });

  it('keeps the webhook secret out of logs and refuses a short one', () => {
    const config = parseConfig({ SANDBOX_CALL_WEBHOOK_SECRET: 'x'.repeat(24) });
    expect(secretValues(config)).toContain('x'.repeat(24));
    expect(() => parseConfig({ SANDBOX_CALL_WEBHOOK_SECRET: 'short' })).toThrow(/SANDBOX_CALL_WEBHOOK_SECRET must be a random secret of at least 16 characters/);
  });
});

describe('the sandbox recipient’s settings', () => {
  it('plays email events in real time with seed 11 unless told, and refuses bad values by name', () => {
    const config = parseConfig({});
    expect([config.SANDBOX_EMAIL_TIME_SCALE, config.SANDBOX_EMAIL_SEED]).toEqual([1, 11]);
    expect(parseConfig({ SANDBOX_EMAIL_TIME_SCALE: '0.001', SANDBOX_EMAIL_SEED: '7' })).toMatchObject({ SANDBOX_EMAIL_TIME_SCALE: 0.001, SANDBOX_EMAIL_SEED: 7 });
    expect(() => parseConfig({ SANDBOX_EMAIL_TIME_SCALE: '0' })).toThrow(/SANDBOX_EMAIL_TIME_SCALE must be a number above 0 and at most 10/);
    expect(() => parseConfig({ SANDBOX_EMAIL_SEED: 'x' })).toThrow(/SANDBOX_EMAIL_SEED must be a positive integer/);
  });
});
