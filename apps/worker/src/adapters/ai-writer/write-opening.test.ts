import { envKeyFields } from '@switchboard/core';
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import {
  availableSlug,
  createCampaign,
  createKeyResolver,
  createSql,
  createWorkspace,
  findAiWriting,
  mergeLeadCandidates,
  saveProviderKey,
  sealProviderKey,
  upsertUser,
  type Sql,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fake-openai.ts';
import { SANDBOX_WRITER_MODEL } from './sandbox.ts';
import { createAiWriterResolver } from './select.ts';
import { writeOpening, type WriteOpeningInput, type WriteOpeningServices } from './write-opening.ts';

const masterKey = deriveMasterKey('test-master-secret-for-switchboard-tests');
const ENV_KEY = 'sk-environment-key-000000000000';
const WORKSPACE_KEY = 'sk-workspace-own-key-1111111111';
let database: TestDatabase;
let sql: Sql;
let fake: FakeOpenAi;
const log = createLogger({ name: 'write-opening-test', level: 'silent', format: 'json' });

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'write-opening-test' });
  fake = await startFakeOpenAi({ apiKey: ENV_KEY });
});

afterAll(async () => {
  await fake.close();
  await sql.end();
  await database.drop();
});

beforeEach(() => {
  fake.requests.length = 0;
  fake.defaultReply = { kind: 'answer' };
});

/** Services as the worker builds them: the workspace's key first, else ENV_KEY (or none: the sandbox). */
function services(options: { envKey?: string | null; timeoutMs?: number } = {}): WriteOpeningServices {
  const envKey = options.envKey === undefined ? ENV_KEY : options.envKey;
  const providerKey = createKeyResolver(sql, masterKey, envKeyFields(envKey ? { OPENAI_API_KEY: envKey } : {}));
  return { sql, log, aiWriter: createAiWriterResolver(providerKey, { model: 'gpt-4o-mini', baseUrl: fake.baseUrl, maxRetries: 0, timeoutMs: options.timeoutMs ?? 2_000 }) };
}

async function setUp(name: string): Promise<WriteOpeningInput> {
  const workspace = await createWorkspace(sql, { name, slug: await availableSlug(sql, name) });
  const user = await upsertUser(sql, { email: `${workspace.slug}@example.com` });
  const campaign = await createCampaign(sql, {
    workspaceId: workspace.id,
    name,
    timeZone: 'UTC',
    target: { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places'] },
    createdBy: user.id,
  });
  const { leads } = await mergeLeadCandidates(sql, {
    workspaceId: workspace.id,
    campaignId: campaign.id,
    candidates: [{ name: `${name} Plumbing`, city: 'Austin', category: 'Plumber', source: { kind: 'places', ref: `place-${randomUUID()}`, evidence: { address: '512 Barton Springs Rd' } } }],
  });
  return { workspaceId: workspace.id, leadId: leads[0]!.leadId, stepKey: 'step-1', templateVersion: 'v1', templateSubject: 'Quick question', stepNumber: 1 };
}

describe('writeOpening', () => {
  it('writes once and then reuses the stored writing without calling OpenAI again', async () => {
    const input = await setUp('Cached');
    fake.queueReplies({ kind: 'answer', promptTokens: 500, completionTokens: 40 });
    const first = await writeOpening(services(), input);
    expect(first).toMatchObject({ cached: false, fallback: false, writer: 'openai', model: 'gpt-4o-mini', subject: 'A question for Cached Plumbing', inputTokens: 500, outputTokens: 40, costUsd: 0.000099 });
    const second = await writeOpening(services(), input);
    expect(second).toMatchObject({ cached: true, fallback: false, subject: 'A question for Cached Plumbing', inputTokens: 500, costUsd: 0.000099 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.body.messages?.[1]?.content).toContain('- Address: 512 Barton Springs Rd');
    expect(await findAiWriting(sql, { ...input, model: 'gpt-4o-mini' })).toMatchObject({ subject: 'A question for Cached Plumbing', inputTokens: 500, outputTokens: 40, costUsd: 0.000099 });
  });

  it('writes again for a new template version or step', async () => {
    const input = await setUp('Versions');
    await writeOpening(services(), input);
    await writeOpening(services(), { ...input, templateVersion: 'v2' });
    await writeOpening(services(), { ...input, stepKey: 'step-2', stepNumber: 2 });
    await writeOpening(services(), { ...input, templateVersion: 'v2' });
    expect(fake.requests).toHaveLength(3);
  });

  it('stores a failure as a fallback with its reason, and does not call OpenAI for it again', async () => {
    const input = await setUp('Rate limited');
    fake.queueReplies({ kind: 'rate_limited' });
    expect(await writeOpening(services(), input)).toMatchObject({ cached: false, fallback: true, reason: 'rate_limited', inputTokens: 0, costUsd: 0 });
    expect(await writeOpening(services(), input)).toMatchObject({ cached: true, fallback: true, reason: 'rate_limited', detail: 'OpenAI answered 429 (rate_limit_exceeded)' });
    expect(fake.requests).toHaveLength(1);
  });

  it('falls back on a timeout quickly instead of holding the send', async () => {
    const input = await setUp('Timeout');
    fake.queueReplies({ kind: 'hang' });
    const started = performance.now();
    expect(await writeOpening(services({ timeoutMs: 300 }), input)).toMatchObject({ fallback: true, reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await findAiWriting(sql, { ...input, model: 'gpt-4o-mini' })).toMatchObject({ fallback: true, reason: 'timeout' });
  });

  it('stores nothing when the caller cancels, so a retry writes again', async () => {
    const input = await setUp('Cancelled');
    fake.queueReplies({ kind: 'hang' });
    const controller = new AbortController();
    const pending = writeOpening(services({ timeoutMs: 10_000 }), { ...input, signal: controller.signal });
    await expect.poll(() => fake.requests.length).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ fallback: true, reason: 'timeout', detail: 'the call was cancelled', id: null, cached: false });
    expect(await writeOpening(services(), input)).toMatchObject({ fallback: false, cached: false });
    expect(fake.requests).toHaveLength(2);
  });

  it("uses the workspace's own key before the environment's", async () => {
    const own = await setUp('Own key');
    const user = await upsertUser(sql, { email: `owner-${randomUUID()}@example.com` });
    await saveProviderKey(sql, { workspaceId: own.workspaceId, provider: 'openai', sealed: sealProviderKey(masterKey, own.workspaceId, 'openai', { apiKey: WORKSPACE_KEY }), hint: 'set', updatedBy: user.id });
    const other = await setUp('Environment key');
    // The fake accepts only the environment's key: the workspace's own is sent, and refused.
    expect(await writeOpening(services(), own)).toMatchObject({ fallback: true, reason: 'auth_failed' });
    expect(await writeOpening(services(), other)).toMatchObject({ fallback: false });
    expect(fake.requests.map((request) => request.authorization)).toEqual([`Bearer ${WORKSPACE_KEY}`, `Bearer ${ENV_KEY}`]);
  });

  it('writes with the sandbox writer when no key applies, and stores it apart from OpenAI writings', async () => {
    const input = await setUp('Sandbox');
    const first = await writeOpening(services({ envKey: null }), input);
    expect(first).toMatchObject({ cached: false, fallback: false, writer: 'sandbox', model: SANDBOX_WRITER_MODEL, costUsd: 0 });
    expect(await writeOpening(services({ envKey: null }), input)).toMatchObject({ ...first, cached: true });
    expect(fake.requests).toHaveLength(0);
    expect(await findAiWriting(sql, { ...input, model: 'gpt-4o-mini' })).toBeNull();
  });

  it('stores one writing when two workers write the same draft at once', async () => {
    const input = await setUp('Race');
    const [first, second] = await Promise.all([writeOpening(services(), input), writeOpening(services(), input)]);
    expect(first).toMatchObject({ fallback: false, subject: 'A question for Race Plumbing' });
    // Whichever saved second goes on with the first one's stored writing (same id, same text).
    expect(second).toMatchObject({ fallback: false, subject: 'A question for Race Plumbing' });
    expect(second.id).toBe(first.id);
    expect(first.id).not.toBeNull();
    const [count]: [{ count: number }?] = await sql`select count(*)::int as count from ai_writings where lead_id = ${input.leadId}`;
    expect(count?.count).toBe(1);
  });

  it('falls back for a lead that is not in the workspace, storing nothing', async () => {
    const input = await setUp('Missing');
    const other = await setUp('Other');
    expect(await writeOpening(services(), { ...input, leadId: other.leadId })).toMatchObject({ fallback: true, reason: 'lead_not_found', cached: false, id: null });
    expect(fake.requests).toHaveLength(0);
  });
});
