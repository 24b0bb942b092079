// One call end to end over the wire: claimed under the cap, placed through the real Vapi adapter at the
// local Vapi fake, and told about by the fake's signed webhooks to the real web server, out of order
// and twice; the queued jobs apply them. The call is placed once and ends where its report says.
import { createSql, findCall, claimCallsToDial, markCallPlaced, type Sql } from '@switchboard/db';
import { seedQueuedCalls, type TestDatabase } from '@switchboard/db/testing';
import { startVapiFake, type VapiFake } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { vapiCaller } from '../apps/worker/src/adapters/voice/index.ts';
import { runQueuedCallWebhookJobs } from './call-webhook-jobs.ts';
import { createTestDatabase } from './database.ts';
import { startTestWebServer, type TestWebServer } from './web-server.ts';

const HMAC = { hmacSecret: 'voice-e2e-hmac-secret-0123456789' };
let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let vapi: VapiFake;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'voice-webhooks-test' });
  web = await startTestWebServer(sql, database.url, { vapiWebhookSecrets: HMAC });
  vapi = await startVapiFake();
  vapi.setServer(`${web.base}/webhooks/vapi`, HMAC);
});

afterAll(async () => {
  await vapi.close();
  await web.close();
  await sql.end();
  await database.drop();
});

it('places a claimed call once and settles it from signed webhooks that arrive out of order and twice', async () => {
  const phoneNumberId = 'pn-e2e';
  const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 3, phoneNumberId });
  const caller = vapiCaller({ apiKey: vapi.apiKey, baseUrl: vapi.baseUrl });
  const { claimed } = await claimCallsToDial(sql, { workspaceId, phoneNumberId, now: new Date(), limit: 10, workspaceCap: 2, phoneNumberCap: 2 });
  expect(claimed).toHaveLength(2);
  const placed: { id: string; vapiCallId: string }[] = [];
  for (const call of claimed) {
    const answer = await caller.createCall({ callId: call.id, assistantId: 'asst-e2e', phoneNumberId, customer: { number: call.toNumber } });
    await markCallPlaced(sql, { workspaceId, callId: call.id, vapiCallId: answer.vapiCallId, vapiStatus: answer.status });
    placed.push({ id: call.id, vapiCallId: answer.vapiCallId });
  }
  const [answered, missed] = placed as [{ id: string; vapiCallId: string }, { id: string; vapiCallId: string }];
  const seen = new Set<string>();

  expect((await vapi.progress(answered.vapiCallId, 'ringing'))?.status).toBe(200);
  // The report overtakes the in-progress update; then Vapi delivers the ringing update again.
  expect((await vapi.end(answered.vapiCallId, { endedReason: 'customer-ended-call', durationSeconds: 42, cost: 0.12, transcript: 'AI: Hello\nUser: Hi', summary: 'Friendly.', recordingUrl: 'https://storage.vapi.ai/e2e.wav' }))?.status).toBe(200);
  expect((await vapi.progress(answered.vapiCallId, 'in-progress'))?.status).toBe(200);
  const again = await vapi.progress(answered.vapiCallId, 'ringing');
  expect(await again?.json()).toEqual({ stored: false, reason: 'already received' });
  await vapi.progress(missed.vapiCallId, 'ringing');
  await vapi.progress(missed.vapiCallId, 'ended', { endedReason: 'customer-did-not-answer' });
  await runQueuedCallWebhookJobs(sql, seen);

  expect(await findCall(sql, workspaceId, answered.id)).toMatchObject({ status: 'completed', durationS: 42, costUsd: 0.12, transcript: 'AI: Hello\nUser: Hi', summary: 'Friendly.', recordingUrl: 'https://storage.vapi.ai/e2e.wav' });
  expect(await findCall(sql, workspaceId, missed.id)).toMatchObject({ status: 'no_answer', endedReason: 'customer-did-not-answer' });
  for (const call of placed) expect(vapi.placedFor(call.id)).toBe(1);
  // Both ended, so the third call gets a slot.
  const next = await claimCallsToDial(sql, { workspaceId, phoneNumberId, now: new Date(), limit: 10, workspaceCap: 2, phoneNumberCap: 2 });
  expect(next.claimed.map((call) => call.id)).toEqual(callIds.filter((id) => !placed.some((call) => call.id === id)));
});
