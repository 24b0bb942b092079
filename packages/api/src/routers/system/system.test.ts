import { parseConfig, providerStatuses } from '@switchboard/core';
import { createBoss, createJobEnqueue, createSql, recordHeartbeat, saveProviderKey, sealProviderKey, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createCaller } from '../../root.ts';
import { testContext } from '../../testing/context.ts';
import { failSearchKeyTest } from '../../testing/provider-keys.ts';

let database: TestDatabase;
let sql: Sql;
const operator = { user: { id: 'u-op', email: 'op@acme.test', role: 'operator' as const }, workspace: { id: 'w-1', name: 'Acme', slug: 'acme' } };

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'api-system-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('system.providers', () => {
  it("tells a signed-out caller only each provider's mode, never which service or model answers", async () => {
    const providers = providerStatuses(parseConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'gpt-secret-model', RESEND_API_KEY: 're_test' }));
    const anonymous = await createCaller(testContext(sql, { providers })).system.providers();
    expect(anonymous.map((provider) => `${provider.provider}:${provider.mode}`)).toEqual(['email:live', 'voice:unavailable', 'ai:live', 'search:sandbox']);
    expect(JSON.stringify(anonymous)).not.toMatch(/Resend|OpenAI|gpt-secret-model|Vapi|Google/);
    const member = await createCaller(
      testContext(sql, { ...operator, workspace: { ...operator.workspace, id: '00000000-0000-4000-8000-00000000000a' }, providers }),
    ).system.providers();
    expect(member.find((provider) => provider.provider === 'ai')?.via).toBe('OpenAI (gpt-secret-model)');
  });
});

describe('system.status', () => {
  it('reports the database, its migration level, queues and providers', async () => {
    const caller = createCaller(
      testContext(sql, { ...operator, queueCounts: async () => [{ name: 'system.ping', queued: 2, active: 1, failed: 0, deferred: 0 }] }),
    );
    const status = await caller.system.status();
    expect(status.database).toMatchObject({ reachable: true, migrations: { pending: 0 } });
    if (status.database.reachable) expect(status.database.version).toMatch(/^PostgreSQL \d+/);
    expect(status.queues).toEqual([{ name: 'system.ping', queued: 2, active: 1, failed: 0, deferred: 0 }]);
    expect(status.providers.map((provider) => `${provider.provider}:${provider.mode}`)).toEqual([
      'email:sandbox',
      'voice:unavailable',
      'ai:sandbox',
      'search:sandbox',
    ]);
  });

  it('shows no worker until one has sent a heartbeat, then shows it alive', async () => {
    const caller = createCaller(testContext(sql, operator));
    expect((await caller.system.status()).liveness).toBe('never_seen');
    await recordHeartbeat(sql, {
      workerId: 'worker-a',
      hostname: 'host',
      pid: 4242,
      version: 'test',
      queues: ['system.ping'],
      startedAt: new Date(),
    });
    const status = await caller.system.status();
    expect(status.liveness).toBe('alive');
    expect(status.heartbeatAgeMs).toBeLessThan(5_000);
    expect(status.workers).toEqual([expect.objectContaining({ workerId: 'worker-a', pid: 4242, liveness: 'alive' })]);
    expect(status.browser).toBeNull();
  });

  it('says which browser the worker scrapes websites with, once the worker has said', async () => {
    const caller = createCaller(testContext(sql, operator));
    const heartbeat = { workerId: 'worker-b', hostname: 'host', pid: 4343, version: 'test', queues: [], startedAt: new Date() };
    await recordHeartbeat(sql, { ...heartbeat, browser: 'Chromium at /tmp/chromium (@sparticuz/chromium)' });
    // A later heartbeat sent before the lookup finished (none in it) does not erase what is known.
    await recordHeartbeat(sql, heartbeat);
    const status = await caller.system.status();
    expect(status.browser).toBe('Chromium at /tmp/chromium (@sparticuz/chromium)');
    expect(status.workers).toContainEqual(expect.objectContaining({ workerId: 'worker-b', browser: 'Chromium at /tmp/chromium (@sparticuz/chromium)' }));
  });

  it("shows the providers as the running worker's environment has them, not the web server's, and ignores a stopped worker's", async () => {
    // The web server runs in the sandbox (testContext); the worker was started with a Resend key.
    const workerProviders = providerStatuses(parseConfig({ RESEND_API_KEY: 're_worker_key_0123456789', SANDBOX_CALL_WEBHOOK_SECRET: 'worker-sandbox-caller-secret-0123' }));
    const heartbeat = { hostname: 'host', pid: 77, version: 'test', queues: [], startedAt: new Date() };
    await recordHeartbeat(sql, { ...heartbeat, workerId: 'earlier-worker', providers: providerStatuses(parseConfig({ SMTP_URL: 'smtp://u:p@old.example.com:587' })) });
    await sql`update worker_heartbeats set last_seen_at = now() - interval '20 minutes' where worker_id = 'earlier-worker'`;
    const member = await createMember(sql, { email: 'worker-keys@acme.test', role: 'operator' });
    const caller = createCaller(
      testContext(sql, { user: { id: member.userId, email: member.email, role: 'operator' }, workspace: { id: member.workspaceId, name: 'Acme', slug: 'acme' } }),
    );
    const email = async () => (await caller.system.status()).providers.find((provider) => provider.provider === 'email');
    const voice = async () => (await caller.system.status()).providers.find((provider) => provider.provider === 'voice');
    expect(await email()).toMatchObject({ mode: 'sandbox' });
    expect(await voice()).toMatchObject({ mode: 'unavailable' });

    await recordHeartbeat(sql, { ...heartbeat, workerId: 'worker-with-keys', providers: workerProviders });
    expect(await email()).toEqual({ provider: 'email', mode: 'live', via: 'Resend' });
    // The worker runs the sandbox caller, so its calls are simulated, whatever the web server was given.
    expect(await voice()).toEqual({ provider: 'voice', mode: 'sandbox', via: 'Sandbox caller — simulated calls, no real phone calls' });
    expect((await caller.system.providers()).find((provider) => provider.provider === 'email')).toMatchObject({ mode: 'live', via: 'Resend' });
    // A later heartbeat without the list (an older worker build) does not erase what is known.
    await recordHeartbeat(sql, { ...heartbeat, workerId: 'worker-with-keys' });
    expect(await email()).toMatchObject({ mode: 'live', via: 'Resend' });
    await sql`delete from worker_heartbeats where worker_id in ('earlier-worker', 'worker-with-keys')`;
  });

  it('calls a worker from an earlier run stopped, and stops listing it after an hour', async () => {
    const heartbeat = { hostname: 'host', pid: 1, version: 'test', queues: ['system.ping'], startedAt: new Date() };
    await recordHeartbeat(sql, { ...heartbeat, workerId: 'earlier-run' });
    await recordHeartbeat(sql, { ...heartbeat, workerId: 'long-gone' });
    await sql`update worker_heartbeats set last_seen_at = now() - interval '20 minutes' where worker_id = 'earlier-run'`;
    await sql`update worker_heartbeats set last_seen_at = now() - interval '61 minutes' where worker_id = 'long-gone'`;
    const status = await createCaller(testContext(sql, operator)).system.status();
    expect(status.workers.find((worker) => worker.workerId === 'earlier-run')).toMatchObject({ liveness: 'stopped' });
    expect(status.workers.map((worker) => worker.workerId)).not.toContain('long-gone');
    expect(JSON.stringify(status)).not.toContain('"down"');
  });

  it('shows what really answers: campaign email with the workspace key, no live search from a key that failed its test', async () => {
    const admin = await createMember(sql, { email: 'keys-admin@acme.test', role: 'admin' });
    const context = testContext(sql, {
      user: { id: admin.userId, email: admin.email, role: 'admin' },
      workspace: { id: admin.workspaceId, name: 'Acme', slug: 'acme' },
    });
    for (const [provider, fields] of [
      ['resend', { apiKey: 're_workspace_key_123456' }],
      ['search', { apiKey: 'AIza-workspace-key-123456', engineId: 'cx-1' }],
    ] as const) {
      await saveProviderKey(sql, {
        workspaceId: admin.workspaceId,
        provider,
        sealed: sealProviderKey(context.masterKey!, admin.workspaceId, provider, fields),
        hint: 'set',
        updatedBy: admin.userId,
      });
    }
    const before = await createCaller(context).system.status();
    expect(before.providers.find((provider) => provider.provider === 'search')).toMatchObject({ mode: 'live', via: 'Google Custom Search (workspace key)' });
    expect(before.providers.find((provider) => provider.provider === 'email')).toMatchObject({
      mode: 'live',
      via: 'Resend (workspace key)',
      note: expect.stringContaining("sign-in and reset links use the server's settings"),
    });

    await failSearchKeyTest(sql, admin.workspaceId);
    const after = await createCaller(context).system.status();
    expect(after.providers.find((provider) => provider.provider === 'search')).toMatchObject({ mode: 'last_test_failed' });
    expect(await createCaller(context).system.providers()).toEqual(after.providers);
  });

  it('says the database is unreachable instead of failing the page', async () => {
    const unreachable = createSql('postgres://nobody@127.0.0.1:1/none', { applicationName: 'unreachable', max: 1 });
    try {
      const status = await createCaller(testContext(unreachable, operator)).system.status();
      expect(status.database.reachable).toBe(false);
      expect(status.liveness).toBe('never_seen');
    } finally {
      await unreachable.end();
    }
  });

  it('reports queue counts as unavailable when the queue cannot be read', async () => {
    const caller = createCaller(testContext(sql, { ...operator, queueCounts: () => Promise.reject(new Error('boom')) }));
    expect((await caller.system.status()).queues).toEqual({ error: 'Queue counts are unavailable.' });
  });
});

describe('access', () => {
  it('shows the system only to signed-in members, and lets only operators and admins ping', async () => {
    await expect(createCaller(testContext(sql)).system.status()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const viewer = { ...operator, user: { ...operator.user, role: 'viewer' as const } };
    await expect(createCaller(testContext(sql, viewer)).system.status()).resolves.toBeDefined();
    await expect(createCaller(testContext(sql, viewer)).system.ping()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('system.ping', () => {
  it('enqueues a ping job carrying a fresh id and the request time', async () => {
    const context = testContext(sql, operator);
    const before = Date.now();
    const result = await createCaller(context).system.ping();
    expect(result.pingId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.requestedAt).toBeGreaterThanOrEqual(before);
    expect(context.enqueued).toEqual([{ queue: 'system.ping', payload: { pingId: result.pingId, requestedAt: result.requestedAt } }]);
  });

  it('keeps at most one ping per person waiting for a worker, however many calls race, and refuses the rest with a 429', async () => {
    const boss = createBoss(database.url, 'producer');
    await boss.start();
    try {
      const enqueue = createJobEnqueue(boss);
      const caller = createCaller(testContext(sql, { ...operator, enqueue }));
      const answers = await Promise.allSettled(Array.from({ length: 30 }, () => caller.system.ping()));
      expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(1);
      for (const answer of answers.filter((each) => each.status === 'rejected')) {
        expect(answer.reason).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: 'Your last ping is still waiting for a worker; wait for its answer before pinging again.' });
      }
      // Someone else's ping is theirs to send.
      const colleague = { ...operator, user: { ...operator.user, id: 'u-colleague', email: 'col@acme.test' } };
      await expect(createCaller(testContext(sql, { ...colleague, enqueue })).system.ping()).resolves.toMatchObject({ pingId: expect.any(String) });
      expect((await boss.findJobs('system.ping')).filter((job) => job.state === 'created')).toHaveLength(2);
    } finally {
      await boss.stop();
    }
  });
});
