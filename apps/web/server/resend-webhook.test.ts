import { request as httpRequest } from 'node:http';
import { createCampaign, createSql, createWorkspace, type Sql } from '@switchboard/db';
import { seedSentEmails, type TestDatabase } from '@switchboard/db/testing';
import {
  deliverResendWebhook,
  generateWebhookSecret,
  RESEND_EVENT_TYPES,
  resendEventBody,
  signResendWebhook,
  type ResendEventEmail,
} from '@switchboard/provider-fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

const SECRET = generateWebhookSecret();
let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let url: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'resend-webhook-test' });
  web = await startTestWebServer(sql, database.url, { resendWebhookSecret: SECRET });
  url = `${web.base}/webhooks/resend`;
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

let sequence = 0;
function email(): ResendEventEmail {
  sequence += 1;
  return { emailId: `4ef9a417-02e9-4d39-ad75-9611e0fcc${String(sequence).padStart(3, '0')}`, from: 'Ada <ada@acme.test>', to: [`lead${sequence}@example.test`], subject: 'Quick question', tags: { send_id: `send-${sequence}` } };
}

async function storedEvents(svixId: string) {
  return sql<{ id: string; provider: string; type: string; payload: Record<string, unknown>; processedAt: Date | null; workspaceId: string | null }[]>`
    select id, provider, type, payload, processed_at as "processedAt", workspace_id as "workspaceId"
    from email_webhook_events where provider_event_id = ${svixId}`;
}

async function queuedJobs(eventId: string): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from pgboss.job where name = 'email.webhook' and data->>'eventId' = ${eventId}`;
  return row?.count ?? 0;
}

async function post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

describe('POST /webhooks/resend', () => {
  it('stores a validly signed event once, raw, and queues the job that applies it', async () => {
    const svixId = 'msg_valid_1';
    const response = await deliverResendWebhook(url, SECRET, 'email.delivered', email(), { id: svixId });
    expect(response.status).toBe(200);
    const [event, ...more] = await storedEvents(svixId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ provider: 'resend', type: 'email.delivered', processedAt: null, workspaceId: null });
    expect(event?.payload).toMatchObject({ type: 'email.delivered', data: { email_id: expect.any(String), tags: { send_id: expect.any(String) } } });
    expect(await queuedJobs(event!.id)).toBe(1);
  });

  it("attributes an event about one of a workspace's sends to that workspace, in the stored event and its job", async () => {
    const workspace = await createWorkspace(sql, { name: 'Attributed', slug: 'attributed' });
    const campaign = await createCampaign(sql, { workspaceId: workspace.id, name: 'C', timeZone: 'UTC', target: { queries: ['q'], locations: ['l'], categories: [], pagesPerQuery: 1, sources: ['search'] }, createdBy: null });
    const { sendIds } = await seedSentEmails(sql, { workspaceId: workspace.id, campaignId: campaign.id, emails: [{ lead: 'Ada', sentAt: new Date() }, { lead: 'Bo', sentAt: new Date() }] });
    const byEmailId = email();
    await sql`update sends set provider = 'resend', provider_message_id = ${byEmailId.emailId} where id = ${sendIds[0]!}`;
    // Resend's email id unknown (not stored yet), our send id in the tags.
    const byTag = { ...email(), tags: { send_id: sendIds[1]! } };
    for (const [svixId, about] of [['msg_attributed_email_id', byEmailId], ['msg_attributed_tag', byTag]] as const) {
      expect((await deliverResendWebhook(url, SECRET, 'email.delivered', about, { id: svixId })).status).toBe(200);
      const [event] = await storedEvents(svixId);
      expect(event?.workspaceId).toBe(workspace.id);
      const [job] = await sql<{ data: Record<string, unknown> }[]>`select data from pgboss.job where name = 'email.webhook' and data->>'eventId' = ${event!.id}`;
      expect(job?.data).toEqual({ eventId: event!.id, workspaceId: workspace.id });
    }
    // An event about no send of ours stays the installation's: its job names no workspace.
    expect((await deliverResendWebhook(url, SECRET, 'email.delivered', email(), { id: 'msg_unattributed' })).status).toBe(200);
    const [unknown] = await storedEvents('msg_unattributed');
    const [job] = await sql<{ data: Record<string, unknown> }[]>`select data from pgboss.job where name = 'email.webhook' and data->>'eventId' = ${unknown!.id}`;
    expect(job?.data).toEqual({ eventId: unknown!.id });
  });

  it('accepts every event type Switchboard listens to', async () => {
    for (const type of RESEND_EVENT_TYPES) {
      const response = await deliverResendWebhook(url, SECRET, type, email(), { id: `msg_type_${type}` });
      expect(response.status, type).toBe(200);
      expect((await storedEvents(`msg_type_${type}`))[0]?.type).toBe(type);
    }
  });

  it('does nothing for a replayed svix-id: 200, still one row and one job', async () => {
    const svixId = 'msg_replayed';
    const signed = signResendWebhook(SECRET, JSON.stringify(resendEventBody('email.bounced', email())), { id: svixId });
    expect((await post(signed.body, signed.headers)).status).toBe(200);
    const again = await post(signed.body, signed.headers);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text)).toEqual({ stored: false, reason: 'already received' });
    const events = await storedEvents(svixId);
    expect(events).toHaveLength(1);
    expect(await queuedJobs(events[0]!.id)).toBe(1);
  });

  it('refuses an event signed with another secret (401) and stores nothing', async () => {
    const response = await deliverResendWebhook(url, generateWebhookSecret(), 'email.complained', email(), { id: 'msg_wrong_secret' });
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/^Signature check failed/);
    expect(await storedEvents('msg_wrong_secret')).toEqual([]);
  });

  it('refuses a body changed after signing (401)', async () => {
    const signed = signResendWebhook(SECRET, JSON.stringify(resendEventBody('email.opened', email())), { id: 'msg_tampered' });
    const response = await post(signed.body.replace('email.opened', 'email.clicked'), signed.headers);
    expect(response.status).toBe(401);
    expect(await storedEvents('msg_tampered')).toEqual([]);
  });

  it('refuses a timestamp more than 5 minutes old (401), so a captured request cannot be replayed later', async () => {
    const sixMinutesAgo = new Date(Date.now() - 6 * 60 * 1000);
    const response = await deliverResendWebhook(url, SECRET, 'email.delivered', email(), { id: 'msg_stale', timestamp: sixMinutesAgo });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('timestamp too old');
    expect(await storedEvents('msg_stale')).toEqual([]);
    const fourMinutesAgo = new Date(Date.now() - 4 * 60 * 1000);
    expect((await deliverResendWebhook(url, SECRET, 'email.delivered', email(), { id: 'msg_recent', timestamp: fourMinutesAgo })).status).toBe(200);
  });

  it('refuses an unsigned request (401) and stores nothing', async () => {
    const response = await post(JSON.stringify(resendEventBody('email.delivered', email())), { 'content-type': 'application/json', 'svix-id': 'msg_unsigned' });
    expect(response.status).toBe(401);
    expect(await storedEvents('msg_unsigned')).toEqual([]);
  });

  it('answers a signed body that is not a Resend event with 400, never 500', async () => {
    for (const [svixId, body] of [
      ['msg_not_json', '{"type": "email.sent", '],
      ['msg_no_type', JSON.stringify({ data: {} })],
      ['msg_no_data', JSON.stringify({ type: 'email.sent', data: 'nope' })],
      ['msg_array', '[]'],
      // Valid events Postgres cannot store as jsonb.
      ['msg_nul', '{"type":"email.bounced","created_at":"2026-11-30T10:00:00Z","data":{"email_id":"e\\u0000"}}'],
      ['msg_surrogate', '{"type":"email.bounced","created_at":"2026-11-30T10:00:00Z","data":{"email_id":"\\ud800"}}'],
      ['msg_deep', `{"type":"email.bounced","created_at":"2026-11-30T10:00:00Z","data":{"tags":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`],
    ] as const) {
      const signed = signResendWebhook(SECRET, body, { id: svixId });
      const response = await post(signed.body, signed.headers);
      expect(response.status, svixId).toBe(400);
      expect(await storedEvents(svixId)).toEqual([]);
    }
    const garbledHeaders = await post('{}', { 'svix-id': 'msg_garbled', 'svix-timestamp': 'yesterday', 'svix-signature': 'v1,???' });
    expect(garbledHeaders.status).toBe(401);
  });

  it('refuses a body over the limit with 413, naming the limit', async () => {
    const signed = signResendWebhook(SECRET, JSON.stringify({ type: 'email.sent', data: { padding: 'x'.repeat(300 * 1024) } }), { id: 'msg_large' });
    expect(await post(signed.body, signed.headers)).toEqual({ status: 413, text: 'The request is larger than 256 KB: send a smaller file.' });
    expect(await storedEvents('msg_large')).toEqual([]);
  });

  it('takes events from a provider’s server without our Origin, but only on our own host names', async () => {
    const signed = signResendWebhook(SECRET, JSON.stringify(resendEventBody('email.sent', email())), { id: 'msg_cross_site' });
    const crossSite = await post(signed.body, { ...signed.headers, origin: 'https://resend.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(200);
    const foreignHost = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(url, { method: 'POST', headers: { ...signed.headers, host: 'rebound.attacker.example', 'content-length': Buffer.byteLength(signed.body) } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end(signed.body);
    });
    expect(foreignHost).toBe(421);
  });
});

describe('POST /webhooks/resend without RESEND_WEBHOOK_SECRET', () => {
  it('answers 503 and stores nothing', async () => {
    const unconfigured = await startTestWebServer(sql, database.url);
    try {
      const signed = signResendWebhook(SECRET, JSON.stringify(resendEventBody('email.sent', email())), { id: 'msg_unconfigured' });
      const response = await fetch(`${unconfigured.base}/webhooks/resend`, { method: 'POST', headers: signed.headers, body: signed.body });
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('RESEND_WEBHOOK_SECRET');
      expect(await storedEvents('msg_unconfigured')).toEqual([]);
    } finally {
      await unconfigured.close();
    }
  });
});
