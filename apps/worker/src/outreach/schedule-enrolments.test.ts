import { createLogger } from '@switchboard/core/logging';
import {
  claimSendForSending,
  createSql,
  markSendSent,
  stopLeadEnrolments,
  type Sql,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { startedCampaign as startedCampaignFor } from './campaign.testing.ts';
import { scheduleDueEnrolments } from './schedule-enrolments.ts';

let database: TestDatabase;
let sql: Sql;
let operator: TestMember;
const log = createLogger({ name: 'schedule-test', level: 'silent', format: 'json' });
// A Monday, 10:00 in Chicago.
const MONDAY = new Date('2026-11-30T16:00:00Z');
const MAILBOX_ID = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'schedule-test' });
  operator = await createMember(sql, { email: 'operator@acme.test', role: 'operator' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const startedCampaign = (name: string, leads: number) => startedCampaignFor(sql, operator, { name, leads, startAt: MONDAY });

async function sendsOf(campaignId: string) {
  return sql<{ id: string; stepId: string; status: string; enrolmentId: string; notBefore: Date }[]>`
    select id, step_id as "stepId", status, enrolment_id as "enrolmentId", not_before as "notBefore" from sends where campaign_id = ${campaignId} order by step_position, id`;
}

async function sendAll(sendIds: string[], at: Date) {
  for (const sendId of sendIds) {
    await claimSendForSending(sql, { workspaceId: operator.workspaceId, sendId, now: at, mailboxId: MAILBOX_ID });
    await markSendSent(sql, { workspaceId: operator.workspaceId, sendId, provider: 'sandbox', providerMessageId: `sandbox:${sendId}`, subject: 'Hi', now: at });
  }
}

it('plans each step once: first emails now, follow-ups three business days after the email before, in the lead’s zone', async () => {
  const { campaignId } = await startedCampaign('Plumbers', 3);
  const first = await scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test', batchSize: 2 });
  expect(first.sendIds).toHaveLength(3);
  expect(first.campaigns).toEqual([{ workspaceId: operator.workspaceId, campaignId }]);
  // Planned again (another worker, the next tick): nothing new, each enrolment waits for its send.
  expect((await scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test' })).sendIds).toEqual([]);
  const sends = await sendsOf(campaignId);
  expect(sends.map((send) => send.stepId)).toEqual(['first-email', 'first-email', 'first-email']);

  await sendAll(first.sendIds, MONDAY);
  // After the emails: each enrolment now waits for three business days.
  expect((await scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test' })).sendIds).toEqual([]);
  const [waiting]: [{ nextActionAt: Date }?] = await sql`select min(next_action_at) as "nextActionAt" from enrolments where campaign_id = ${campaignId}`;
  expect(waiting?.nextActionAt.toISOString()).toBe('2026-12-03T16:00:00.000Z');

  const thursday = new Date('2026-12-03T16:00:01Z');
  const followUps = await scheduleDueEnrolments({ sql, log }, { now: thursday, messageIdDomain: 'switchboard.test' });
  expect(followUps.sendIds).toHaveLength(3);
  expect((await sendsOf(campaignId)).filter((send) => send.stepId === 'follow-up-1')).toHaveLength(3);

  // A follow-up (reached through a wait and a branch) once sent moves its enrolment past it: the next wait, and then the last follow-up.
  await sendAll(followUps.sendIds, thursday);
  const positions = await sql<{ stepId: string }[]>`select step_id as "stepId" from enrolments where campaign_id = ${campaignId}`;
  expect(positions.map((row) => row.stepId)).toEqual(['wait-2', 'wait-2', 'wait-2']);
  const lastFollowUps = await scheduleDueEnrolments({ sql, log }, { now: new Date('2026-12-08T16:00:02Z'), messageIdDomain: 'switchboard.test' });
  expect(lastFollowUps.sendIds).toHaveLength(3);
});

it('stops a lead’s sequence on a reply: the follow-up planned before it is canceled and none is planned after', async () => {
  const { campaignId, leadIds } = await startedCampaign('Roofers', 1);
  const first = await scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test' });
  await sendAll(first.sendIds, MONDAY);
  const thursday = new Date('2026-12-03T16:00:01Z');
  const followUp = await scheduleDueEnrolments({ sql, log }, { now: thursday, messageIdDomain: 'switchboard.test' });
  expect(followUp.sendIds).toHaveLength(1);

  await stopLeadEnrolments(sql, { workspaceId: operator.workspaceId, leadIds, reason: 'replied' });
  expect(await claimSendForSending(sql, { workspaceId: operator.workspaceId, sendId: followUp.sendIds[0]!, now: thursday, mailboxId: MAILBOX_ID })).toBeNull();
  const muchLater = new Date('2027-01-04T16:00:00Z');
  expect((await scheduleDueEnrolments({ sql, log }, { now: muchLater, messageIdDomain: 'switchboard.test' })).sendIds).toEqual([]);
  expect((await sendsOf(campaignId)).map((send) => [send.stepId, send.status])).toEqual([
    ['first-email', 'sent'],
    ['follow-up-1', 'canceled'],
  ]);
});

it('lets two schedulers run at once without planning a step twice', async () => {
  const { campaignId } = await startedCampaign('Bakers', 40);
  const [one, two] = await Promise.all([
    scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test', batchSize: 7 }),
    scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test', batchSize: 7 }),
  ]);
  expect(one.sendIds.length + two.sendIds.length).toBe(40);
  expect(new Set((await sendsOf(campaignId)).map((send) => send.enrolmentId)).size).toBe(40);
});

it('stops at its batch limit saying more is due, and the next run plans the rest', async () => {
  const { campaignId } = await startedCampaign('Limited tick', 5);
  const first = await scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test', batchSize: 2, maxBatches: 2 });
  expect(first).toMatchObject({ enrolments: 4, more: true });
  const rest = await scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test', batchSize: 2, budgetMs: 60_000 });
  expect(rest).toMatchObject({ enrolments: 1, more: false });
  expect(await sendsOf(campaignId)).toHaveLength(5);
});
