import { keyFingerprint } from '@switchboard/core/crypto';
import { recordEnvironmentKeyTest, recordProviderKeyTest } from '@switchboard/db';
import { checkProviderKey } from '../adapters/key-checks/index.ts';
import { defineQueueJob } from './define-queue-job.ts';

/** "Test connection" on the Provider keys page: checks the key that applies, reports back live. */
export const testProviderKeyJob = defineQueueJob('providers.test-key', {
  // A person is waiting for the answer: one attempt, reported either way.
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 60,
  retentionSeconds: 120,
  async handler(payload, { sql, providerKey, baseUrls, keyCheck, publish }) {
    const testStartedAt = new Date();
    const key = await providerKey(payload.workspaceId, payload.provider);
    const result = key
      ? { ...(await checkProviderKey(payload.provider, key.fields, baseUrls, keyCheck)), mode: 'live' as const }
      : { ok: true, message: 'No key: this provider runs in the sandbox.', mode: 'sandbox' as const };
    // Kept (on the workspace's key, or once for the server's) so the Keys and System pages stop calling a refused key live.
    if (key?.source === 'workspace') {
      await recordProviderKeyTest(sql, { workspaceId: payload.workspaceId, provider: payload.provider, ok: result.ok, message: result.message, testStartedAt });
    } else if (key?.source === 'environment') {
      // The server's key serves every workspace without its own: its result is kept once, for all of them.
      await recordEnvironmentKeyTest(sql, {
        provider: payload.provider,
        keyFingerprint: keyFingerprint(payload.provider, key.fields),
        ok: result.ok,
        message: result.message,
      });
    }
    await publish(payload.workspaceId, 'provider.key_tested', { testId: payload.testId, provider: payload.provider, ...result });
  },
});
