import { describe, expect, it } from 'vitest';
import { matchAllowlist, parseAllowlistValue, type AllowlistEntry } from './allowlist.ts';
import { normalizeEmail } from './email.ts';
import { passwordProblem } from './password-policy.ts';
import { SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS, sessionState } from './session-policy.ts';
import { checkAttemptLimit } from './sign-in-limits.ts';

describe('allowlist', () => {
  const entries: AllowlistEntry[] = [
    { workspaceId: 'w1', kind: 'domain', value: 'acme.com', role: 'viewer' },
    { workspaceId: 'w1', kind: 'email', value: 'ops@acme.com', role: 'operator' },
    { workspaceId: 'w2', kind: 'email', value: 'friend@gmail.com', role: 'admin' },
  ];

  it('lets in an exact address before its domain', () => {
    expect(matchAllowlist(' Ops@ACME.com ', entries).map((entry) => entry.role)).toEqual(['operator', 'viewer']);
  });

  it('matches a domain exactly, not as a suffix', () => {
    expect(matchAllowlist('eve@notacme.com', entries)).toEqual([]);
    expect(matchAllowlist('eve@mail.acme.com', entries)).toEqual([]);
    expect(matchAllowlist('anyone@acme.com', entries)).toHaveLength(1);
  });

  it('reads what an admin types', () => {
    expect(parseAllowlistValue('@Acme.com')).toEqual({ kind: 'domain', value: 'acme.com' });
    expect(parseAllowlistValue('Jane.Doe@Acme.com ')).toEqual({ kind: 'email', value: 'jane.doe@acme.com' });
    expect(parseAllowlistValue('not a domain')).toBeNull();
    expect(parseAllowlistValue('localhost')).toBeNull();
  });

  it('normalises emails', () => {
    expect(normalizeEmail('  Jane@Example.COM')).toBe('jane@example.com');
  });
});

describe('passwordProblem', () => {
  it('accepts a long, varied password and explains every refusal', () => {
    expect(passwordProblem('correct horse battery staple', 'jane@acme.com')).toBeNull();
    expect(passwordProblem('short', 'jane@acme.com')).toMatch(/at least 12/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa', 'jane@acme.com')).toMatch(/repetitive/);
    expect(passwordProblem('jane@acme.com', 'Jane@Acme.com')).toMatch(/email/);
    expect(passwordProblem('x'.repeat(300), 'jane@acme.com')).toMatch(/at most 256/);
  });
});

describe('sessionState', () => {
  const signedIn = new Date('2026-01-01T00:00:00Z');
  it('expires idle sessions and old sessions however active', () => {
    const base = { createdAt: signedIn, lastSeenAt: signedIn, revokedAt: null };
    expect(sessionState(base, new Date(signedIn.getTime() + 1000))).toBe('active');
    expect(sessionState(base, new Date(signedIn.getTime() + SESSION_IDLE_TIMEOUT_MS))).toBe('idle_expired');
    const busy = { ...base, lastSeenAt: new Date(signedIn.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS - 1000) };
    expect(sessionState(busy, new Date(signedIn.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS))).toBe('expired');
    expect(sessionState({ ...base, revokedAt: signedIn }, signedIn)).toBe('revoked');
  });
});

describe('checkAttemptLimit', () => {
  const limit = { maxFailures: 3, windowMs: 60_000 };
  const now = new Date('2026-01-01T00:10:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('allows attempts below the limit and ignores failures outside the window', () => {
    expect(checkAttemptLimit([ago(1_000), ago(2_000)], now, limit).limited).toBe(false);
    expect(checkAttemptLimit([ago(1_000), ago(2_000), ago(61_000)], now, limit).limited).toBe(false);
  });

  it('limits at the threshold and says when the next attempt is possible', () => {
    expect(checkAttemptLimit([ago(1_000), ago(2_000), ago(30_000)], now, limit)).toEqual({ limited: true, retryAfterMs: 30_000 });
  });

  it('never allows more than maxFailures failures in any window (property)', () => {
    // Simulate a client retrying as soon as it is allowed, always failing; count failures per window.
    for (let seed = 1; seed <= 20; seed += 1) {
      const failures: Date[] = [];
      let clock = 0;
      for (let step = 0; step < 200; step += 1) {
        clock += ((seed * 7919 + step * 104_729) % 9_000) + 1;
        const at = new Date(clock);
        if (!checkAttemptLimit(failures, at, limit).limited) failures.push(at);
      }
      for (const failure of failures) {
        const inWindow = failures.filter((other) => other.getTime() > failure.getTime() - limit.windowMs && other <= failure);
        expect(inWindow.length).toBeLessThanOrEqual(limit.maxFailures);
      }
    }
  });
});
