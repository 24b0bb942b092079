import { RateLimited } from '@switchboard/core';
import type * as argon2 from '@node-rs/argon2';
import { verify } from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';
import {
  createHashingLimiter,
  hashPassword,
  PASSWORD_HASHING_CONCURRENCY,
  PASSWORD_HASHING_MAX_WAITING,
  verifyPassword,
} from './password-hashing.ts';

// The real argon2, with how many verifications run at once measured.
let running = 0;
let mostAtOnce = 0;
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof argon2>();
  return {
    ...real,
    verify: vi.fn(async (...args: Parameters<typeof real.verify>) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      try {
        return await real.verify(...args);
      } finally {
        running -= 1;
      }
    }),
  };
});

describe('bounded password hashing', () => {
  it('runs at most the bound at once and refuses the overflow before any work finishes', async () => {
    const limited = createHashingLimiter({ concurrency: 2, maxWaiting: 3 });
    let active = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const work = () =>
      new Promise<string>((resolve) => {
        active += 1;
        peak = Math.max(peak, active);
        releases.push(() => {
          active -= 1;
          resolve('done');
        });
      });
    const settled = Array.from({ length: 20 }, () => limited(work).then((value) => value, (error: unknown) => error));
    // The refusals are already in; nothing has finished.
    const early = await Promise.race([Promise.all(settled.slice(5)), new Promise((resolve) => setTimeout(() => resolve('waiting'), 50))]);
    expect(early).not.toBe('waiting');
    expect((early as unknown[]).every((result) => result instanceof RateLimited)).toBe(true);
    while (releases.length > 0 || active > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(settled.slice(0, 5))).toEqual(Array(5).fill('done'));
    expect(peak).toBe(2);
  });

  it('verifies at most two passwords at once and answers a burst of 200 with quick refusals', async () => {
    const stored = await hashPassword('correct horse battery staple');
    vi.mocked(verify).mockClear();
    let order = 0;
    const burst = Array.from({ length: 200 }, (_, index) =>
      verifyPassword(stored, index === 0 ? 'correct horse battery staple' : `guess ${index}`).then(
        (ok) => ({ ok, at: (order += 1) }),
        (error: unknown) => ({ error, at: (order += 1) }),
      ),
    );
    const results = await Promise.all(burst);
    const refused = results.filter((result) => 'error' in result);
    const accepted = PASSWORD_HASHING_CONCURRENCY + PASSWORD_HASHING_MAX_WAITING;
    expect(refused).toHaveLength(200 - accepted);
    expect(refused.every((result) => 'error' in result && result.error instanceof RateLimited)).toBe(true);
    // Refused at once: every refusal is answered before the first verification finishes.
    expect(Math.max(...refused.map((result) => result.at))).toBe(refused.length);
    expect(results[0]).toMatchObject({ ok: true });
    expect(vi.mocked(verify).mock.calls).toHaveLength(accepted);
    expect(mostAtOnce).toBeLessThanOrEqual(PASSWORD_HASHING_CONCURRENCY);
  });
});
