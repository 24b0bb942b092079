import type { AiWritingResult } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import type { TestDatabase } from '../testing/index.ts';
import { findAiWriting, saveAiWriting } from './ai-writings.ts';
import { createCampaign } from './campaigns.ts';
import { mergeLeadCandidates } from './lead-merge/index.ts';
import { availableSlug, createWorkspace } from './workspaces.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'ai-writings-test', max: 4 });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places'] as 'places'[] };

async function setUp(name: string) {
  const workspace = await createWorkspace(sql, { name, slug: await availableSlug(sql, name) });
  const campaign = await createCampaign(sql, { workspaceId: workspace.id, name, timeZone: 'UTC', target: TARGET, createdBy: null });
  const { leads } = await mergeLeadCandidates(sql, {
    workspaceId: workspace.id,
    campaignId: campaign.id,
    candidates: [{ name: `${name} Plumbing`, city: 'Austin', source: { kind: 'places', ref: `place-${name}`, evidence: {} } }],
  });
  return { workspaceId: workspace.id, leadId: leads[0]!.leadId, stepKey: 'step-1', templateVersion: 'v1', model: 'gpt-4o-mini' };
}

const WRITTEN: AiWritingResult = {
  fallback: false,
  writer: 'openai',
  model: 'gpt-4o-mini',
  subject: 'Water heaters in Austin',
  opening: 'Barton Creek Plumbing keeps Austin warm.',
  inputTokens: 412,
  outputTokens: 57,
  costUsd: 0.000096,
};

describe('ai_writings', () => {
  it('stores a writing with its tokens and cost and finds it by its key', async () => {
    const key = await setUp('Stored');
    expect(await findAiWriting(sql, key)).toBeNull();
    const saved = await saveAiWriting(sql, key, WRITTEN);
    expect(saved).toMatchObject({ ...key, ...WRITTEN });
    expect(await findAiWriting(sql, key)).toEqual(saved);
    expect(await findAiWriting(sql, { ...key, templateVersion: 'v2' })).toBeNull();
    expect(await findAiWriting(sql, { ...key, model: 'gpt-4.1' })).toBeNull();
  });

  it('stores a fallback with its reason and an unknown cost', async () => {
    const key = await setUp('Fallback');
    const saved = await saveAiWriting(sql, key, {
      fallback: true,
      writer: 'openai',
      model: 'gpt-4o-mini',
      reason: 'ungrounded',
      detail: 'the number 30 is not in the lead evidence',
      inputTokens: 300,
      outputTokens: 40,
      costUsd: null,
    });
    expect(saved).toMatchObject({ fallback: true, reason: 'ungrounded', detail: 'the number 30 is not in the lead evidence', inputTokens: 300, costUsd: null });
    expect(await findAiWriting(sql, key)).toEqual(saved);
  });

  it('keeps the first of two writings saved at once under the same key', async () => {
    const key = await setUp('Race');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) => saveAiWriting(sql, key, { ...WRITTEN, subject: `Subject ${index}` })),
    );
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(new Set(results.map((result) => (result.fallback ? '' : result.subject))).size).toBe(1);
    const [count]: [{ count: number }?] = await sql`select count(*)::int as count from ai_writings where lead_id = ${key.leadId}`;
    expect(count?.count).toBe(1);
  });

  it('never finds another workspace’s writing', async () => {
    const key = await setUp('Tenant');
    const other = await setUp('Other tenant');
    await saveAiWriting(sql, key, WRITTEN);
    expect(await findAiWriting(sql, { ...key, workspaceId: other.workspaceId })).toBeNull();
  });

  it('refuses a writing without text unless it is a fallback', async () => {
    const key = await setUp('Constraint');
    await expect(sql`
      insert into ai_writings (workspace_id, lead_id, step_key, template_version, model, writer, fallback)
      values (${key.workspaceId}, ${key.leadId}, 's', 'v', 'm', 'openai', false)`).rejects.toThrow(/check constraint/);
  });
});
