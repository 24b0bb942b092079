import { parseConfig, providerStatuses } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createBoss, createJobEnqueue, createSql, listAudit, openProviderKey, recordEnvironmentKeyTest, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createCaller } from '../../root.ts';
import { testContext } from '../../testing/context.ts';
import { failSearchKeyTest } from '../../testing/provider-keys.ts';

const OPENAI_KEY = 'sk-test-never-show-me-0000004f2a';
let database: TestDatabase;
let sql: Sql;
let admin: TestMember;
const logLines: string[] = [];

function adminContext(overrides: Parameters<typeof testContext>[1] = {}) {
  return testContext(sql, {
    user: { id: admin.userId, email: admin.email, role: 'admin' },
    workspace: { id: admin.workspaceId, name: 'Acme', slug: 'acme' },
    log: createLogger({
      name: 'keys-test',
      level: 'trace',
      format: 'json',
      destination: new Writable({
        write(chunk, _encoding, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    }),
    ...overrides,
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'keys-test' });
  admin = await createMember(sql, { email: 'admin@acme.test', role: 'admin' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('provider keys', () => {
  it('are encrypted at rest and only ever shown as a hint', async () => {
    const context = adminContext();
    const caller = createCaller(context);
    expect(await caller.keys.set({ provider: 'openai', fields: { apiKey: OPENAI_KEY } })).toEqual({ provider: 'openai', hint: 'ends in …4f2a' });

    const [row] = await sql<{ sealed: string; hint: string }[]>`select sealed, hint from provider_keys where workspace_id = ${admin.workspaceId}`;
    expect(row!.sealed).not.toContain(OPENAI_KEY);
    expect(row!.sealed).toMatch(/^v1\./);
    expect(await openProviderKey(sql, context.masterKey, admin.workspaceId, 'openai')).toEqual({ apiKey: OPENAI_KEY });

    const listed = await caller.keys.list();
    // AI writing uses the workspace's own OpenAI key once it is saved (untested keys included).
    expect(listed.find((key) => key.provider === 'openai')).toMatchObject({ workspaceKey: { hint: 'ends in …4f2a' }, mode: 'live', category: 'ai' });
    // This web server has no sandbox caller (no SANDBOX_CALL_WEBHOOK_SECRET): with no Vapi key nothing places calls.
    expect(listed.find((key) => key.provider === 'vapi')).toMatchObject({ workspaceKey: null, mode: 'unavailable' });
    expect(JSON.stringify(listed)).not.toContain(OPENAI_KEY);
    expect((await caller.system.providers()).find((provider) => provider.provider === 'ai')).toEqual({ provider: 'ai', mode: 'live', via: 'OpenAI (workspace key)' });

    const audit = await listAudit(sql, { workspaceId: admin.workspaceId, action: 'provider_key.set', limit: 1 });
    expect(audit[0]?.summary).toEqual({ provider: 'openai', key: 'ends in …4f2a' });
    expect(logLines.join('')).not.toContain(OPENAI_KEY);
  });

  it('explains missing fields, and refuses to store keys without a master secret', async () => {
    const caller = createCaller(adminContext());
    await expect(caller.keys.set({ provider: 'vapi', fields: { apiKey: 'vapi-key-123456' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Enter the Vapi phone number id calls are placed from.',
    });
    await expect(createCaller(adminContext({ masterKey: null })).keys.set({ provider: 'resend', fields: { apiKey: 're_123456789' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('SWITCHBOARD_SECRET'),
    });
  });

  it('queues a connection test through the worker and removes keys', async () => {
    const context = adminContext();
    const caller = createCaller(context);
    const { testId } = await caller.keys.test({ provider: 'openai' });
    expect(context.enqueued).toEqual([{ queue: 'providers.test-key', payload: { workspaceId: admin.workspaceId, provider: 'openai', testId } }]);
    await caller.keys.remove({ provider: 'openai' });
    await expect(caller.keys.remove({ provider: 'openai' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('queues one test per provider for 30 requests at once, and refuses the others with a retry time', async () => {
    const boss = createBoss(database.url, 'producer');
    await boss.start();
    try {
      const caller = createCaller(adminContext({ enqueue: createJobEnqueue(boss) }));
      const answers = await Promise.allSettled(Array.from({ length: 30 }, () => caller.keys.test({ provider: 'openai' })));
      expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(1);
      for (const answer of answers.filter((each) => each.status === 'rejected')) {
        expect(answer.reason).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: 'A test of this key is already waiting to run; its answer will come in a moment.' });
      }
      await expect(caller.keys.test({ provider: 'resend' })).resolves.toMatchObject({ testId: expect.any(String) });
      const waiting = (await boss.findJobs('providers.test-key')).filter((job) => job.state === 'created');
      expect(waiting.map((job) => (job.data as { provider: string }).provider).sort()).toEqual(['openai', 'resend']);
    } finally {
      await boss.stop();
    }
  });

  it('shows a key whose last test failed as saved, not live, until a new key is saved', async () => {
    const caller = createCaller(adminContext());
    await caller.keys.set({ provider: 'search', fields: { apiKey: 'AIza-refused-key-000000', engineId: 'cx-1' } });
    await failSearchKeyTest(sql, admin.workspaceId);
    expect((await caller.keys.list()).find((key) => key.provider === 'search')).toMatchObject({
      mode: 'last_test_failed',
      workspaceKey: { lastTest: { ok: false, message: 'Google rejected the key (400).' } },
    });
    await caller.keys.set({ provider: 'search', fields: { apiKey: 'AIza-another-key-000000', engineId: 'cx-1' } });
    expect((await caller.keys.list()).find((key) => key.provider === 'search')).toMatchObject({ mode: 'live', workspaceKey: { lastTest: null } });
  });

  it('says voice calls run at the sandbox caller without a Vapi key, and live once the workspace saves one', async () => {
    const caller = createCaller(adminContext({ providers: providerStatuses(parseConfig({ SANDBOX_CALL_WEBHOOK_SECRET: 'sandbox-caller-secret-0123456789' })) }));
    const vapi = async () => (await caller.keys.list()).find((key) => key.provider === 'vapi');
    const voice = async () => (await caller.system.providers()).find((provider) => provider.provider === 'voice');
    expect(await vapi()).toMatchObject({ workspaceKey: null, mode: 'sandbox', category: 'voice' });
    expect(await voice()).toMatchObject({ mode: 'sandbox', via: 'Sandbox caller — simulated calls, no real phone calls' });
    await caller.keys.set({ provider: 'vapi', fields: { apiKey: 'vapi-workspace-key-0000', phoneNumberId: 'pn-workspace' } });
    expect(await vapi()).toMatchObject({ workspaceKey: { hint: 'ends in …0000' }, mode: 'live' });
    expect(await voice()).toEqual({ provider: 'voice', mode: 'live', via: 'Vapi (workspace key)' });
    await caller.keys.remove({ provider: 'vapi' });
  });

  it("says the server's key failed its last test on the Keys and System pages instead of calling it live", async () => {
    const server = { providers: providerStatuses(parseConfig({ OPENAI_API_KEY: 'sk-server-key-000000000000' })), envKeyKinds: ['openai' as const] };
    const caller = createCaller(adminContext(server));
    const aiStatus = async () => (await caller.system.status()).providers.find((provider) => provider.provider === 'ai');
    expect((await caller.keys.list()).find((key) => key.provider === 'openai')).toMatchObject({ mode: 'live', environmentLastTest: null });
    expect(await aiStatus()).toMatchObject({ mode: 'live' });

    await recordEnvironmentKeyTest(sql, { provider: 'openai', keyFingerprint: 'f'.repeat(16), ok: false, message: 'OpenAI rejected the key (401).' });
    expect((await caller.keys.list()).find((key) => key.provider === 'openai')).toMatchObject({
      mode: 'last_test_failed',
      fromEnvironment: true,
      environmentLastTest: { ok: false, message: 'OpenAI rejected the key (401).' },
    });
    expect(await aiStatus()).toMatchObject({ mode: 'last_test_failed', note: 'The server\'s OpenAI key failed its last "Test connection".' });
    expect((await caller.system.providers()).find((provider) => provider.provider === 'ai')).toMatchObject({ mode: 'last_test_failed' });

    await recordEnvironmentKeyTest(sql, { provider: 'openai', keyFingerprint: 'f'.repeat(16), ok: true, message: 'OpenAI accepted the key.' });
    expect(await aiStatus()).toMatchObject({ mode: 'live' });
    await sql`delete from environment_key_tests`;
  });
});
