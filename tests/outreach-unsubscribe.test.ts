// Issue 10's unsubscribe proof, end to end: a campaign email goes out through Resend (real SDK, local
// fake), its List-Unsubscribe URL is taken from the message Resend accepted and POSTed with the RFC 8058
// one-click body to the real web server, and from that moment no step of the lead's sequence goes out:
// the follow-up already planned is canceled, the sequence stops as unsubscribed, the lead is marked so.
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import { deriveUnsubscribeKey } from '@switchboard/core/suppression';
import { createMailbox, createSql, findSend, setCampaignMailboxes, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { startResendFake, type ResendFake } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sandboxAiWriter } from '../apps/worker/src/adapters/ai-writer/index.ts';
import { resendEmail } from '../apps/worker/src/adapters/email/index.ts';
import { startedCampaign } from '../apps/worker/src/outreach/campaign.testing.ts';
import { dispatchSend, type DispatchServices } from '../apps/worker/src/outreach/dispatch-send.ts';
import { scheduleDueEnrolments } from '../apps/worker/src/outreach/schedule-enrolments.ts';
import { createMember, type TestMember } from './accounts.ts';
import { createTestDatabase } from './database.ts';
import { startTestWebServer, type TestWebServer } from './web-server.ts';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let fake: ResendFake;
let operator: TestMember;
const log = createLogger({ name: 'outreach-unsubscribe-test', level: 'silent', format: 'json' });
// The secret tests/web-server.ts starts the server with, so the links the dispatcher signs are the server's.
const unsubscribeKey = deriveUnsubscribeKey(deriveMasterKey('test-master-secret-for-switchboard-tests'));
// A Monday, 10:00 in Chicago (the lead is in Texas), and the Monday after: the follow-up is due by then.
const MONDAY_10 = new Date('2026-11-30T16:00:00Z');
const DAY_MS = 86_400_000;
// The first email is stamped sent when the provider accepted it, on the real clock (not the batch's
// `now`), and its wait counts from then: the follow-up is due by the first Monday 10:00 a week and a
// day after today (a fixed date stopped being late enough once the real clock passed it).
function mondayTenFrom(earliest: number): Date {
  const at = new Date(earliest);
  at.setUTCHours(16, 0, 0, 0);
  while (at.getUTCDay() !== 1 || at.getTime() < earliest) at.setTime(at.getTime() + DAY_MS);
  return at;
}
const NEXT_MONDAY_10 = mondayTenFrom(Date.now() + 8 * DAY_MS);

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'outreach-unsubscribe-test' });
  web = await startTestWebServer(sql, database.url);
  fake = await startResendFake();
  operator = await createMember(sql, { email: 'olive@acme.test', role: 'operator', workspaceName: 'Acme' });
});

afterAll(async () => {
  await fake?.close();
  await web?.close();
  await sql?.end();
  await database?.drop();
});

function services(): DispatchServices {
  return {
    sql,
    log,
    providerKey: async () => null,
    aiWriter: async () => sandboxAiWriter,
    publicUrl: web.base,
    unsubscribeKey,
    emailFrom: 'Switchboard <hello@switchboard.example>',
    senderFor: async () => resendEmail({ apiKey: fake.apiKey, from: 'hello@switchboard.example', baseUrl: fake.baseUrl }),
  };
}

async function campaignWithMailbox() {
  const { workspaceId, userId } = operator;
  const { campaignId, leadIds } = await startedCampaign(sql, operator, { name: 'Plumbers', leads: 1, startAt: MONDAY_10 });
  const mailbox = await createMailbox(sql, {
    workspaceId, createdBy: userId, fromName: 'Ann Sales', fromAddress: 'ann@acme.example', provider: 'resend', limitPerMinute: 100, limitPerHour: 1000,
    limitPerDay: 2000, signature: 'Ann', postalAddress: '1 Main St, Austin TX', sendDays: [0, 1, 2, 3, 4, 5, 6], sendStartMinute: 0, sendEndMinute: 1440,
  });
  await setCampaignMailboxes(sql, workspaceId, campaignId, [mailbox!.id]);
  return { leadId: leadIds[0]! };
}

const plan = (now: Date) => scheduleDueEnrolments({ sql, log }, { now, messageIdDomain: 'switchboard.example' });

it('stops the sequence at once when the List-Unsubscribe URL of a sent email gets the one-click POST: the planned follow-up never goes out', async () => {
  const { workspaceId } = operator;
  const { leadId } = await campaignWithMailbox();
  const [first] = (await plan(MONDAY_10)).sendIds;
  expect(await dispatchSend(services(), { workspaceId, id: first! }, MONDAY_10)).toBe('sent');
  // The follow-up is planned before anyone unsubscribes: it waits, queued, for its turn.
  const [followUp] = (await plan(NEXT_MONDAY_10)).sendIds;
  expect(await findSend(sql, workspaceId, followUp!)).toMatchObject({ status: 'queued' });

  const sent = fake.accepted.filter((email) => (email.body as { to: string[] | string }).to.toString() === 'owner0@plumbers.example');
  expect(sent).toHaveLength(1);
  const headers = (sent[0]!.body as { headers: Record<string, string> }).headers;
  expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  expect(headers['List-Unsubscribe']).toMatch(/<mailto:/);
  const url = /<(https?:\/\/[^>]+\/u\/[^>]+)>/.exec(headers['List-Unsubscribe'] ?? '')?.[1];
  expect(url?.startsWith(`${web.base}/u/`)).toBe(true);

  // What a mail client does (RFC 8058): POST the one-click body, no cookie, no redirect followed.
  const answer = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', redirect: 'manual' });
  expect(answer.status).toBe(200);

  expect(await findSend(sql, workspaceId, followUp!)).toMatchObject({ status: 'canceled' });
  const [enrolment] = await sql<{ status: string; stopReason: string | null }[]>`
    select status, stop_reason as "stopReason" from enrolments where workspace_id = ${workspaceId} and lead_id = ${leadId}`;
  expect(enrolment).toEqual({ status: 'stopped', stopReason: 'unsubscribed' });
  const [lead] = await sql<{ status: string }[]>`select status from leads where id = ${leadId}`;
  expect(lead?.status).toBe('unsubscribed');

  // However the worker goes on, nothing more reaches the lead.
  expect(await dispatchSend(services(), { workspaceId, id: followUp! }, NEXT_MONDAY_10)).not.toBe('sent');
  expect((await plan(new Date(NEXT_MONDAY_10.getTime() + 14 * DAY_MS))).sendIds).toEqual([]);
  expect(fake.accepted.filter((email) => (email.body as { to: string[] | string }).to.toString() === 'owner0@plumbers.example')).toHaveLength(1);
});
