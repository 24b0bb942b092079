import { createSql, type Sql } from '@switchboard/db';
import { seedQueuedCalls, type TestDatabase } from '@switchboard/db/testing';
import { signVapiWebhook, vapiEndOfCallReportBody, vapiHangBody, vapiStatusUpdateBody, vapiTranscriptBody, type VapiCallObject } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

const HMAC = { hmacSecret: 'vapi-hmac-secret-for-tests-0123456789' };
const SHARED = { sharedSecret: 'vapi-shared-secret-for-tests-0123' };
let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let url: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'vapi-webhook-test' });
  web = await startTestWebServer(sql, database.url, { vapiWebhookSecrets: { ...HMAC, ...SHARED } });
  url = `${web.base}/webhooks/vapi`;
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

let sequence = 0;
function vapiCall(): VapiCallObject {
  sequence += 1;
  const now = new Date().toISOString();
  return { id: `vapi-call-${sequence}`, orgId: 'org-1', type: 'outboundPhoneCall', status: 'queued', createdAt: now, updatedAt: now, assistantOverrides: { metadata: { callId: `0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7${String(sequence).padStart(3, '0')}` } } };
}

async function storedEvents(vapiCallId: string) {
  return sql<{ id: string; eventKey: string; type: string; payload: Record<string, unknown>; processedAt: Date | null }[]>`
    select id, event_key as "eventKey", type, payload, processed_at as "processedAt" from call_webhook_events where vapi_call_id = ${vapiCallId} order by received_at`;
}

async function queuedJobs(eventId: string): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from pgboss.job where name = 'calls.webhook' and data->>'eventId' = ${eventId}`;
  return row?.count ?? 0;
}

async function post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

const signed = (auth: typeof HMAC | typeof SHARED, message: Record<string, unknown>, timestamp?: Date) => signVapiWebhook(auth, JSON.stringify(message), timestamp ? { timestamp } : {});

describe('POST /webhooks/vapi', () => {
  it('stores a message with a valid HMAC once, raw, and queues the job that applies it', async () => {
    const call = vapiCall();
    const request = signed(HMAC, vapiStatusUpdateBody(call, 'ringing'));
    const response = await post(request.body, request.headers);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ stored: true });
    const [event, ...more] = await storedEvents(call.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ type: 'status-update', eventKey: `${call.id}:status-update:ringing:`, processedAt: null });
    expect(event?.payload).toEqual(JSON.parse(request.body));
    expect(await queuedJobs(event!.id)).toBe(1);
  });

  it("attributes a message about one of a workspace's calls to that workspace, in the stored event and its job", async () => {
    const seeded = await seedQueuedCalls(sql, { count: 2, phoneNumberId: 'phone-attributed' });
    const byVapiId = vapiCall();
    await sql`update calls set vapi_call_id = ${byVapiId.id} where id = ${seeded.callIds[0]!}`;
    // Vapi's id not stored with the call yet: our call id in the assistant overrides' metadata names it.
    const byMetadata = { ...vapiCall(), assistantOverrides: { metadata: { callId: seeded.callIds[1]! } } };
    const stranger = vapiCall();
    const jobData = async (call: VapiCallObject) => {
      const request = signed(HMAC, vapiStatusUpdateBody(call, 'ringing'));
      expect((await post(request.body, request.headers)).status).toBe(200);
      const [event] = await storedEvents(call.id);
      const [job] = await sql<{ data: Record<string, unknown> }[]>`select data from pgboss.job where name = 'calls.webhook' and data->>'eventId' = ${event!.id}`;
      return { eventId: event!.id, data: job?.data };
    };
    for (const call of [byVapiId, byMetadata]) {
      const { eventId, data } = await jobData(call);
      expect(data).toEqual({ eventId, workspaceId: seeded.workspaceId });
    }
    // A call that is not ours (its metadata names no call of ours) stays the installation's.
    const { eventId, data } = await jobData(stranger);
    expect(data).toEqual({ eventId });
  });

  it('takes every message type Switchboard applies, and the shared secret in x-vapi-secret', async () => {
    const call = vapiCall();
    for (const message of [vapiStatusUpdateBody(call, 'in-progress'), vapiTranscriptBody(call, { role: 'user', transcript: 'Hello?' }), vapiHangBody(call), vapiEndOfCallReportBody(call, { endedReason: 'customer-ended-call', cost: 0.2 })]) {
      const request = signed(SHARED, message);
      expect(request.headers).not.toHaveProperty('x-signature');
      expect((await post(request.body, request.headers)).status).toBe(200);
    }
    expect((await storedEvents(call.id)).map((event) => event.type)).toEqual(['status-update', 'transcript', 'hang', 'end-of-call-report']);
  });

  it('refuses a signature made with the wrong secret, or a wrong x-vapi-secret (401), and stores nothing', async () => {
    const call = vapiCall();
    const wrongHmac = signed({ hmacSecret: 'another-secret-entirely-0123456789' }, vapiStatusUpdateBody(call, 'ringing'));
    const refused = await post(wrongHmac.body, wrongHmac.headers);
    expect(refused.status).toBe(401);
    expect(refused.text).toBe('Credential check failed: x-signature does not match the body.');
    const wrongShared = signed({ sharedSecret: 'not-the-server-secret-0123' }, vapiStatusUpdateBody(call, 'ringing'));
    expect((await post(wrongShared.body, wrongShared.headers)).status).toBe(401);
    const tampered = signed(HMAC, vapiStatusUpdateBody(call, 'ringing'));
    expect((await post(tampered.body.replace('ringing', 'in-progress'), tampered.headers)).status).toBe(401);
    const unsigned = await post(JSON.stringify(vapiStatusUpdateBody(call, 'ringing')), { 'content-type': 'application/json' });
    expect(unsigned).toEqual({ status: 401, text: 'Credential check failed: missing x-signature and x-timestamp or x-vapi-secret.' });
    expect(await storedEvents(call.id)).toEqual([]);
  });

  it('refuses a timestamp more than 5 minutes old (401), so a captured request cannot be replayed later', async () => {
    const call = vapiCall();
    const stale = signed(HMAC, vapiStatusUpdateBody(call, 'ringing'), new Date(Date.now() - 6 * 60_000));
    const response = await post(stale.body, stale.headers);
    expect(response).toEqual({ status: 401, text: 'Credential check failed: x-timestamp is more than 5 minutes from now.' });
    expect(await storedEvents(call.id)).toEqual([]);
    const recent = signed(HMAC, vapiStatusUpdateBody(call, 'ringing'), new Date(Date.now() - 4 * 60_000));
    expect((await post(recent.body, recent.headers)).status).toBe(200);
  });

  it('does nothing for a replay or a redelivery: 200, still one row and one job', async () => {
    const call = vapiCall();
    const request = signed(HMAC, vapiEndOfCallReportBody(call, { endedReason: 'voicemail' }));
    expect((await post(request.body, request.headers)).status).toBe(200);
    const replay = await post(request.body, request.headers);
    expect(replay.status).toBe(200);
    expect(JSON.parse(replay.text)).toEqual({ stored: false, reason: 'already received' });
    // Vapi's redelivery is signed afresh and stamped anew, and is still the same event.
    const redelivery = signed(SHARED, vapiEndOfCallReportBody(call, { endedReason: 'voicemail' }, new Date(Date.now() + 1_000)));
    expect(JSON.parse((await post(redelivery.body, redelivery.headers)).text)).toEqual({ stored: false, reason: 'already received' });
    const events = await storedEvents(call.id);
    expect(events).toHaveLength(1);
    expect(await queuedJobs(events[0]!.id)).toBe(1);
  });

  it('answers a message type Switchboard does not use with 200 and stores nothing', async () => {
    const call = vapiCall();
    const request = signed(HMAC, { message: { type: 'speech-update', status: 'started', role: 'assistant', call } });
    const response = await post(request.body, request.headers);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ stored: false, reason: 'Switchboard does not use "speech-update" messages' });
    expect(await storedEvents(call.id)).toEqual([]);
  });

  it('refuses an unsigned or wrongly signed message of a type Switchboard does not use (401), storing nothing', async () => {
    const call = vapiCall();
    const message = { message: { type: 'speech-update', status: 'started', role: 'assistant', call } };
    const wrong = signed({ hmacSecret: 'another-secret-entirely-0123456789' }, message);
    expect((await post(wrong.body, wrong.headers)).status).toBe(401);
    expect((await post(JSON.stringify(message), { 'content-type': 'application/json' })).status).toBe(401);
    expect(await storedEvents(call.id)).toEqual([]);
  });

  it('answers an authenticated body that is not a Vapi message, or names no call, with 400, never 500', async () => {
    for (const body of ['{"message": ', '[]', JSON.stringify({ type: 'status-update' }), JSON.stringify({ message: { type: 'status-update', status: 'ringing' } })]) {
      const request = signVapiWebhook(HMAC, body);
      const response = await post(request.body, request.headers);
      expect(response.status, body).toBe(400);
    }
    const [{ count }] = await sql<[{ count: number }]>`select count(*)::int as count from call_webhook_events where event_key like ':%' or vapi_call_id is null`;
    expect(count).toBe(0);
  });

  it('answers a signed body Postgres cannot store (a NUL, a lone surrogate, deep nesting) with 400 and a reason, never 500', async () => {
    const call = JSON.stringify(vapiCall());
    const bodies = [
      `{"message":{"type":"transcript","role":"user","transcriptType":"final","transcript":"a\\u0000b","call":${call}}}`,
      `{"message":{"type":"status-update","status":"ringing","call":{"id":"vapi-\\u0000"}}}`,
      `{"message":{"type":"transcript","role":"user","transcriptType":"final","transcript":"\\ud800","call":${call}}}`,
      `{"message":{"type":"end-of-call-report","endedReason":"customer-ended-call","call":${call},"analysis":{"structuredData":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`,
    ];
    const stored = async () => (await sql<[{ count: number }]>`select count(*)::int as count from call_webhook_events`)[0].count;
    const before = await stored();
    for (const body of bodies) {
      const request = signVapiWebhook(HMAC, body);
      const response = await post(request.body, request.headers);
      expect(response.status, body.slice(0, 120)).toBe(400);
      expect(response.text).toMatch(/^The message cannot be stored: (Cannot contain a NUL|Contains a broken character|Nested more than 64 levels deep)/);
    }
    expect(await stored()).toBe(before);
  });

  it('stores a message with the longest ids and reasons Vapi may send', async () => {
    const call = { ...vapiCall(), id: `v${'x'.repeat(199)}` };
    const request = signed(HMAC, vapiStatusUpdateBody(call, 'ended', { endedReason: `pipeline-error-${'y'.repeat(185)}` }));
    expect((await post(request.body, request.headers)).status).toBe(200);
    expect(await storedEvents(call.id)).toHaveLength(1);
  });

  it('refuses a body over the limit with 413', async () => {
    const request = signed(HMAC, { message: { type: 'transcript', call: vapiCall(), transcript: 'x'.repeat(5 * 1024 * 1024) } });
    expect((await post(request.body, request.headers)).status).toBe(413);
  });
});

describe('POST /webhooks/vapi with one kind of credential configured', () => {
  it('accepts only that kind; with none configured it answers 503 and stores nothing', async () => {
    const hmacOnly = await startTestWebServer(sql, database.url, { vapiWebhookSecrets: HMAC });
    const unconfigured = await startTestWebServer(sql, database.url);
    try {
      const call = vapiCall();
      const shared = signed(SHARED, vapiStatusUpdateBody(call, 'ringing'));
      const refused = await fetch(`${hmacOnly.base}/webhooks/vapi`, { method: 'POST', headers: shared.headers, body: shared.body });
      expect(refused.status).toBe(401);
      const none = await fetch(`${unconfigured.base}/webhooks/vapi`, { method: 'POST', headers: shared.headers, body: shared.body });
      expect(none.status).toBe(503);
      expect(await none.text()).toContain('VAPI_WEBHOOK_HMAC_SECRET or VAPI_WEBHOOK_SECRET');
      expect(await storedEvents(call.id)).toEqual([]);
    } finally {
      await hmacOnly.close();
      await unconfigured.close();
    }
  });
});

describe('POST /webhooks/vapi when the job cannot be queued', () => {
  it('answers 503 and forgets the message, so Vapi’s redelivery is stored and queued then', async () => {
    const failing = await startTestWebServer(sql, database.url, {
      vapiWebhookSecrets: HMAC,
      enqueue: async () => {
        throw new Error('the queue is unreachable');
      },
    });
    try {
      const call = vapiCall();
      const request = signed(HMAC, vapiEndOfCallReportBody(call, { endedReason: 'customer-ended-call', cost: 0.3 }));
      const refused = await fetch(`${failing.base}/webhooks/vapi`, { method: 'POST', headers: request.headers, body: request.body });
      expect(refused.status).toBe(503);
      expect(await refused.text()).toBe('The message could not be queued; send it again later.');
      expect(await storedEvents(call.id)).toEqual([]);
      // The redelivery (the same body, as Vapi retries it) is news, not "already received".
      const redelivered = await post(request.body, request.headers);
      expect(redelivered.status).toBe(200);
      expect(JSON.parse(redelivered.text)).toEqual({ stored: true });
      const [event, ...more] = await storedEvents(call.id);
      expect(more).toEqual([]);
      expect(await queuedJobs(event!.id)).toBe(1);
    } finally {
      await failing.close();
    }
  });
});
