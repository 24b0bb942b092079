import { describe, expect, it } from 'vitest';
import { deriveMasterKey, openSecret, sealSecret } from './secret-box.ts';
import { generateToken, hashToken, keyFingerprint, tokensMatch } from './tokens.ts';

const masterKey = deriveMasterKey('a-test-master-secret-that-is-long-enough');

describe('secret box', () => {
  it('round-trips a provider key and never stores it in the clear', () => {
    const sealed = sealSecret('sk-live-1234567890abcdef', masterKey, 'workspace-1:openai');
    expect(sealed).not.toContain('sk-live');
    expect(openSecret(sealed, masterKey, 'workspace-1:openai')).toBe('sk-live-1234567890abcdef');
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret('same', masterKey, 'c')).not.toBe(sealSecret('same', masterKey, 'c'));
  });

  it('refuses a ciphertext moved to another workspace, a wrong key, or tampering', () => {
    const sealed = sealSecret('sk-live-secret', masterKey, 'workspace-1:openai');
    expect(() => openSecret(sealed, masterKey, 'workspace-2:openai')).toThrow();
    expect(() => openSecret(sealed, deriveMasterKey('another-master-secret-that-is-long-enough'), 'workspace-1:openai')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => openSecret(parts.join('.'), masterKey, 'workspace-1:openai')).toThrow();
  });

  it('refuses a short master secret', () => {
    expect(() => deriveMasterKey('short')).toThrow(/at least 32/);
  });
});

describe('tokens', () => {
  it('are unguessable and stored only as a hash', () => {
    const token = generateToken('sb_');
    expect(token).toMatch(/^sb_[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(generateToken());
    expect(hashToken(token)).toHaveLength(64);
    expect(tokensMatch(hashToken(token), hashToken(token))).toBe(true);
    expect(tokensMatch(hashToken(token), hashToken(`${token}x`))).toBe(false);
  });
});

describe('keyFingerprint', () => {
  it('tells keys apart without containing them, whatever the field order', () => {
    const key = 'sk-live-0123456789abcdef';
    const fingerprint = keyFingerprint('openai', { apiKey: key });
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint).not.toContain(key.slice(-4));
    expect(keyFingerprint('openai', { apiKey: key })).toBe(fingerprint);
    expect(keyFingerprint('openai', { apiKey: `${key}x` })).not.toBe(fingerprint);
    expect(keyFingerprint('resend', { apiKey: key })).not.toBe(fingerprint);
    expect(keyFingerprint('search', { apiKey: 'a', engineId: 'b' })).toBe(keyFingerprint('search', { engineId: 'b', apiKey: 'a' }));
  });
});
