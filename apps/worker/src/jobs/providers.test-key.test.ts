import type { JobCatalog } from '@switchboard/core/jobs';
import { createServer } from 'node:http';
import { envKeyFields, type LiveEvent } from '@switchboard/core';
import { deriveMasterKey, keyFingerprint } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import {
  createBoss,
  createKeyResolver,
  createSql,
  forgetStaleEnvironmentKeyTests,
  listenEvents,
  listEnvironmentKeyTests,
  listProviderKeys,
  saveProviderKey,
  sealProviderKey,
  type EventSubscription,
  type Sql,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import type { RunningWorker } from '../framework/start-worker.ts';
import { startSwitchboardWorker } from '../worker.ts';
import { testProviderKeyJob } from './providers.test-key.ts';

const masterKey = deriveMasterKey('test-master-secret-for-switchboard-tests');
let database: TestDatabase;
let sql: Sql;
let worker: RunningWorker<JobCatalog>;
let subscription: EventSubscription;
let member: TestMember;
let fakeBase: string;
const events: LiveEvent[] = [];
const fake = createServer((request, response) => {
  // A wire-compatible stand-in for OpenAI's GET /models: one key is good, any other is refused.
  const good = request.url === '/v1/models' && request.headers.authorization === 'Bearer sk-good-key-1234567890';
  response.writeHead(good ? 200 : 401, { 'content-type': 'application/json' });
  response.end(JSON.stringify(good ? { object: 'list', data: [] } : { error: { message: 'Incorrect API key provided' } }));
});

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'test-key-test' });
  member = await createMember(sql, { email: 'admin@acme.test', role: 'admin' });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const address = fake.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  fakeBase = `http://127.0.0.1:${port}/v1`;
  subscription = await listenEvents(sql, (event) => events.push(event));
  worker = await startSwitchboardWorker({
    sql,
    boss: createBoss(database.url, 'worker', { supervise: false, schedule: false }),
    log: createLogger({ name: 'test-key-test', level: 'silent', format: 'json' }),
    jobs: [testProviderKeyJob],
    providerKey: createKeyResolver(sql, masterKey, envKeyFields({})),
    baseUrls: { openai: `http://127.0.0.1:${port}/v1` },
  });
});

afterAll(async () => {
  await worker.stop(1_000);
  await subscription.close();
  fake.close();
  await sql.end();
  await database.drop();
});

async function runTest(): Promise<LiveEvent['payload']> {
  const testId = randomUUID();
  await worker.enqueue('providers.test-key', { workspaceId: member.workspaceId, provider: 'openai', testId });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const found = events.find((event) => event.topic === 'provider.key_tested' && (event.payload as { testId: string }).testId === testId);
    if (found) {
      expect(found.workspaceId).toBe(member.workspaceId);
      return found.payload;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no key test result');
}

async function storeKey(apiKey: string) {
  await saveProviderKey(sql, {
    workspaceId: member.workspaceId,
    provider: 'openai',
    sealed: sealProviderKey(masterKey, member.workspaceId, 'openai', { apiKey }),
    hint: 'test',
    updatedBy: member.userId,
  });
}

describe('providers.test-key', () => {
  it('reports the sandbox when the workspace has no key', async () => {
    expect(await runTest()).toMatchObject({ ok: true, mode: 'sandbox' });
  });

  it("checks the workspace's key against the provider and reports acceptance or refusal", async () => {
    await storeKey('sk-good-key-1234567890');
    expect(await runTest()).toMatchObject({ ok: true, mode: 'live', message: 'OpenAI accepted the key.' });
    await storeKey('sk-bad-key-0987654321');
    expect(await runTest()).toMatchObject({ ok: false, mode: 'live', message: 'OpenAI rejected the key (401).' });
  });

  it("keeps the last result on the workspace's key, and forgets it when the key is replaced", async () => {
    await storeKey('sk-bad-key-0987654321');
    await runTest();
    const [tested] = await listProviderKeys(sql, member.workspaceId);
    expect(tested).toMatchObject({ provider: 'openai', lastTestOk: false, lastTestMessage: 'OpenAI rejected the key (401).' });
    expect(tested?.lastTestedAt).toBeInstanceOf(Date);
    await storeKey('sk-good-key-1234567890');
    expect((await listProviderKeys(sql, member.workspaceId))[0]).toMatchObject({ lastTestOk: null, lastTestedAt: null });
    await runTest();
    expect((await listProviderKeys(sql, member.workspaceId))[0]).toMatchObject({ lastTestOk: true });
  });

  it("keeps the result of testing the server's key once for every workspace, and forgets it when the server holds another key", async () => {
    const other = await createMember(sql, { email: 'admin@other.test', role: 'admin', workspaceName: 'Other' });
    const published: unknown[] = [];
    const testServerKey = (apiKey: string) =>
      testProviderKeyJob.handler({ workspaceId: other.workspaceId, provider: 'openai', testId: randomUUID() }, {
        sql,
        providerKey: createKeyResolver(sql, masterKey, envKeyFields({ OPENAI_API_KEY: apiKey })),
        baseUrls: { openai: fakeBase },
        keyCheck: { smtpAllowPrivateHosts: false },
        publish: async (...args: unknown[]) => void published.push(args),
      } as never);
    const bad = 'sk-bad-key-0987654321';
    const good = 'sk-good-key-1234567890';

    await testServerKey(bad);
    expect(await listEnvironmentKeyTests(sql)).toEqual([{ provider: 'openai', ok: false, message: 'OpenAI rejected the key (401).', testedAt: expect.any(Date) }]);
    expect(await listProviderKeys(sql, other.workspaceId)).toEqual([]);
    expect(published).toHaveLength(1);

    // A worker starting with the same key keeps the result; one starting with another key forgets it.
    expect(await forgetStaleEnvironmentKeyTests(sql, { openai: keyFingerprint('openai', { apiKey: bad }) })).toBe(0);
    expect(await listEnvironmentKeyTests(sql)).toHaveLength(1);
    expect(await forgetStaleEnvironmentKeyTests(sql, { openai: keyFingerprint('openai', { apiKey: good }) })).toBe(1);
    expect(await listEnvironmentKeyTests(sql)).toEqual([]);

    await testServerKey(good);
    expect(await listEnvironmentKeyTests(sql)).toEqual([{ provider: 'openai', ok: true, message: 'OpenAI accepted the key.', testedAt: expect.any(Date) }]);
    // No key in the environment at all: nothing is left to describe.
    expect(await forgetStaleEnvironmentKeyTests(sql, {})).toBe(1);
  });
});
