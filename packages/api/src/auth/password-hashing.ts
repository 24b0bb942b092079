import { hash, verify } from '@node-rs/argon2';
import { RateLimited } from '@switchboard/core';
import pLimit from 'p-limit';

// Each argon2 call takes ~50 ms of CPU and 19 MiB. Two at once per process leaves the other cores to
// serve pages; a short queue absorbs a burst of real sign-ins. Past that the caller is told to come
// back, so a batch of a thousand sign-ins costs a thousand refusals, not a thousand hashes.
export const PASSWORD_HASHING_CONCURRENCY = 2;
export const PASSWORD_HASHING_MAX_WAITING = 16;
export const PASSWORD_HASHING_BUSY_RETRY_AFTER_S = 2;
export const PASSWORD_HASHING_BUSY_MESSAGE = 'Switchboard is busy checking other sign-ins. Try again in a few seconds.';

export type HashingLimiter = <T>(work: () => Promise<T>) => Promise<T>;

/** Runs at most `concurrency` jobs at once with at most `maxWaiting` queued; refuses more with RateLimited. */
export function createHashingLimiter(options: { concurrency: number; maxWaiting: number }): HashingLimiter {
  const limit = pLimit(options.concurrency);
  return (work) => {
    // p-limit updates both counts synchronously, so this check cannot be overtaken.
    if (limit.activeCount + limit.pendingCount >= options.concurrency + options.maxWaiting) {
      return Promise.reject(new RateLimited(PASSWORD_HASHING_BUSY_MESSAGE, PASSWORD_HASHING_BUSY_RETRY_AFTER_S));
    }
    return limit(work);
  };
}

const limited = createHashingLimiter({ concurrency: PASSWORD_HASHING_CONCURRENCY, maxWaiting: PASSWORD_HASHING_MAX_WAITING });

// argon2id with the library defaults (m=19 MiB, t=2, p=1), the OWASP baseline: ~50 ms here.
export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password));
}

/** Whether the password matches; throws RateLimited (before any work) when the process is too busy. */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return limited(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash verifies nothing.
      return false;
    }
  });
}

// Verifying against this when the account has no password keeps response times the same either way,
// so timing does not reveal which emails have accounts.
let decoy: Promise<string> | undefined;
export async function spendVerifyTime(password: string): Promise<void> {
  decoy ??= hash('decoy-password-for-timing');
  await verifyPassword(await decoy, password);
}
