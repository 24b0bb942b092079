// The sandbox caller end to end: calls claimed under the cap are placed through the real Vapi adapter
// at the local simulator, which plays each one and posts its signed messages to the real web server;
// the web server verifies them with the sandbox secret it was given and the calls.webhook jobs apply
// them. Every call ends where its seeded script says, with the report's duration, cost, transcript,
// summary and analysis, and no recording.
import { callOutcomeFromEndedReason } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { claimCallsToDial, countLiveCalls, createSql, findCall, markCallPlaced, type Sql } from '@switchboard/db';
import { seedQueuedCalls, type TestDatabase } from '@switchboard/db/testing';
import { sandboxTranscript, startSandboxCaller, type SandboxCaller } from '@switchboard/sandbox-world/caller';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { vapiCaller } from '../apps/worker/src/adapters/voice/index.ts';
import { createVoiceCallers } from '../apps/worker/src/adapters/voice/sandbox.ts';
import { placeDueCalls } from '../apps/worker/src/calls/place-calls.ts';
import { runQueuedCallWebhookJobs } from './call-webhook-jobs.ts';
import { createTestDatabase } from './database.ts';
import { startTestWebServer, type TestWebServer } from './web-server.ts';

const SANDBOX_SECRET = 'sandbox-caller-e2e-secret-0123456';
const CALLS = 16;
let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let sandbox: SandboxCaller;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'voice-sandbox-caller-test' });
  // As in production: Vapi's own HMAC secret and the sandbox caller's side by side.
  web = await startTestWebServer(sql, database.url, { vapiWebhookSecrets: { hmacSecret: 'real-vapi-hmac-secret-0123456789', sandboxHmacSecret: SANDBOX_SECRET } });
  sandbox = await startSandboxCaller({ seed: 3, timeScale: 0.002, webhookUrl: `${web.base}/webhooks/vapi`, hmacSecret: SANDBOX_SECRET });
});

afterAll(async () => {
  await sandbox.close();
  await web.close();
  await sql.end();
  await database.drop();
});

it('settles every sandbox call from its own signed webhooks, as its script says', async () => {
  const phoneNumberId = 'pn-sandbox';
  const { workspaceId } = await seedQueuedCalls(sql, { count: CALLS, phoneNumberId });
  const caller = vapiCaller({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl });
  const { claimed } = await claimCallsToDial(sql, { workspaceId, phoneNumberId, now: new Date(), limit: CALLS, workspaceCap: CALLS, phoneNumberCap: CALLS });
  expect(claimed).toHaveLength(CALLS);
  const placed = await Promise.all(
    claimed.map(async (call) => {
      const answer = await caller.createCall({ callId: call.id, assistantId: 'asst-sandbox', phoneNumberId, customer: { number: call.toNumber, name: 'Bluebonnet Plumbing' } });
      await markCallPlaced(sql, { workspaceId, callId: call.id, vapiCallId: answer.vapiCallId, vapiStatus: answer.status });
      return { id: call.id, vapiCallId: answer.vapiCallId };
    }),
  );
  await sandbox.idle();
  expect(sandbox.deliveries.length).toBeGreaterThan(CALLS * 2);
  expect(sandbox.deliveries.filter((delivery) => delivery.httpStatus !== 200)).toEqual([]);
  await runQueuedCallWebhookJobs(sql, new Set());

  const outcomes = new Set<string>();
  for (const call of placed) {
    const plan = sandbox.planFor(call.vapiCallId)!;
    outcomes.add(plan.outcome);
    const row = await findCall(sql, workspaceId, call.id);
    expect(row).toMatchObject({
      status: callOutcomeFromEndedReason(plan.endedReason),
      vapiCallId: call.vapiCallId,
      endedReason: plan.endedReason,
      durationS: plan.talkS,
      costUsd: 0,
      summary: plan.summary,
      transcript: plan.lines.length > 0 ? sandboxTranscript(plan.lines) : null,
      recordingUrl: null,
      analysis: { summary: plan.summary, structuredData: plan.structuredData, successEvaluation: plan.successEvaluation },
      endedAt: expect.any(Date),
    });
    expect(row!.ringingAt !== null).toBe(plan.outcome !== 'failed');
    if (plan.talkS > 0) expect(row!.answeredAt).toEqual(expect.any(Date));
    expect(sandbox.vapi.placedFor(call.id)).toBe(1);
  }
  // Sixteen seeded calls cover more than one way a call goes.
  expect(outcomes.size).toBeGreaterThanOrEqual(3);
  // The live transcript lines were stored as events of their calls, one per line.
  const [lines] = await sql<{ count: number }[]>`select count(*)::int as count from call_webhook_events where type = 'transcript'`;
  expect(lines!.count).toBe(placed.reduce((sum, call) => sum + sandbox.planFor(call.vapiCallId)!.lines.length, 0));
});

it('is refused, and stores nothing, when it signs with a secret the web server was not given', async () => {
  const stranger = await startSandboxCaller({ seed: 3, timeScale: 0, webhookUrl: `${web.base}/webhooks/vapi`, hmacSecret: 'some-other-sandbox-secret-000000' });
  try {
    const [before] = await sql<{ count: number }[]>`select count(*)::int as count from call_webhook_events`;
    await vapiCaller({ apiKey: stranger.apiKey, baseUrl: stranger.baseUrl }).createCall({ callId: '0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7e01', assistantId: 'asst', phoneNumberId: 'pn', customer: { number: '+15125550199' } });
    await stranger.idle();
    expect(stranger.deliveries.length).toBeGreaterThan(0);
    expect(stranger.deliveries.every((delivery) => delivery.httpStatus === 401)).toBe(true);
    const [after] = await sql<{ count: number }[]>`select count(*)::int as count from call_webhook_events`;
    expect(after!.count).toBe(before!.count);
  } finally {
    await stranger.close();
  }
});

it('lets the call scheduler place a keyless workspace’s calls at the sandbox caller under the cap, each once, until all have ended', async () => {
  const phoneNumberId = 'pn-sandbox-tick';
  const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 20, phoneNumberId });
  const log = createLogger({ name: 'voice-sandbox-tick-test', level: 'silent', format: 'json' });
  const voice = createVoiceCallers({ providerKey: async () => null, baseUrl: undefined, sandbox: { webhookUrl: `${web.base}/webhooks/vapi`, hmacSecret: SANDBOX_SECRET, timeScale: 0.001, seed: 9 }, log });
  const seen = new Set<string>();
  try {
    let ticks = 0;
    for (;;) {
      const placed = await placeDueCalls({ sql, log, voiceCaller: voice.voiceCaller }, { cap: 8 });
      const live = (await countLiveCalls(sql, { workspaceId, phoneNumberId })).workspace;
      expect(live).toBeLessThanOrEqual(8);
      if (placed.placed === 0 && live === 0) break;
      await (await voice.sandbox())!.idle();
      await runQueuedCallWebhookJobs(sql, seen);
      ticks += 1;
      expect(ticks).toBeLessThan(10);
    }
    // 20 calls at 8 at a time take three rounds; retries of missed calls wait for the campaign's spacing.
    expect(ticks).toBe(3);
    const sandboxCaller = (await voice.sandbox())!;
    for (const callId of callIds) {
      const row = (await findCall(sql, workspaceId, callId))!;
      expect(sandboxCaller.vapi.placedFor(callId)).toBe(1);
      expect(row.status).toBe(callOutcomeFromEndedReason(sandboxCaller.planFor(row.vapiCallId!)!.endedReason));
    }
  } finally {
    await voice.close();
  }
});
