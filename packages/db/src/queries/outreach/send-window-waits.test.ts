import { outsideSendWindowReason } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import { seedEngagedLeads, type TestDatabase } from '../../testing/index.ts';
import { availableSlug, createWorkspace } from '../workspaces.ts';
import { campaignSendWindowWaits } from './send-window-waits.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'send-window-waits-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const HOUR_MS = 60 * 60_000;

/** One more send per enrolment of the campaign (step `next`), each as the dispatcher would have left it. */
async function waitingSends(campaignId: string, sends: { status: string; channel?: 'email' | 'form'; notBefore: Date; failure: string | null }[]) {
  const enrolments = await sql<{ id: string; workspaceId: string; leadId: string; email: string }[]>`
    select id, workspace_id as "workspaceId", lead_id as "leadId", email from enrolments where campaign_id = ${campaignId} order by id limit ${sends.length}`;
  expect(enrolments).toHaveLength(sends.length);
  for (const [index, send] of sends.entries()) {
    const enrolment = enrolments[index]!;
    const channel = send.channel ?? 'email';
    await sql`
      insert into sends (workspace_id, campaign_id, enrolment_id, lead_id, step_id, step_position, idempotency_key, message_id, to_address, channel, status, not_before, failure)
      values (${enrolment.workspaceId}, ${campaignId}, ${enrolment.id}, ${enrolment.leadId}, ${channel === 'email' ? 'next' : 'form'}, 1, ${`wait:${enrolment.id}`},
              ${`<wait.${enrolment.id}@test>`}, ${channel === 'email' ? enrolment.email : null}, ${channel}, ${send.status}, ${send.notBefore}, ${send.failure})`;
  }
}

describe('emails waiting for their recipients’ send window', () => {
  it('counts the campaign’s emails deferred to a window not yet open, by zone, earliest first', async () => {
    const now = new Date();
    const workspaceId = (await createWorkspace(sql, { name: 'Windows', slug: await availableSlug(sql, 'Windows') })).id;
    const { campaignId } = await seedEngagedLeads(sql, { workspaceId, count: 12 });
    const newYork = outsideSendWindowReason('America/New_York');
    const berlin = outsideSendWindowReason('Europe/Berlin');
    const in2h = new Date(now.getTime() + 2 * HOUR_MS);
    const in5h = new Date(now.getTime() + 5 * HOUR_MS);
    await waitingSends(campaignId, [
      { status: 'queued', notBefore: in5h, failure: newYork },
      { status: 'queued', notBefore: new Date(in5h.getTime() + HOUR_MS), failure: newYork },
      { status: 'retrying', notBefore: in5h, failure: newYork },
      { status: 'queued', notBefore: in2h, failure: berlin },
      // Not waiting for a window: another reason, a window that has opened, no longer waiting, a contact form.
      { status: 'queued', notBefore: in2h, failure: 'Mailbox a@b.test is at its limit.' },
      { status: 'queued', notBefore: new Date(now.getTime() - 60_000), failure: berlin },
      { status: 'queued', notBefore: in2h, failure: null },
      { status: 'canceled', notBefore: in2h, failure: berlin },
      { status: 'failed', notBefore: in2h, failure: berlin },
      { status: 'queued', channel: 'form', notBefore: in2h, failure: berlin },
    ]);
    // Another campaign's and another workspace's waiting emails are theirs.
    const other = await seedEngagedLeads(sql, { workspaceId, count: 2 });
    await waitingSends(other.campaignId, [{ status: 'queued', notBefore: in2h, failure: berlin }]);
    const otherWorkspace = (await createWorkspace(sql, { name: 'Windows elsewhere', slug: await availableSlug(sql, 'Windows elsewhere') })).id;
    const elsewhere = await seedEngagedLeads(sql, { workspaceId: otherWorkspace, count: 2 });
    await waitingSends(elsewhere.campaignId, [{ status: 'queued', notBefore: in2h, failure: berlin }]);

    expect(await campaignSendWindowWaits(sql, { workspaceId, campaignId, now })).toEqual({
      groups: [
        { reason: berlin, sends: 1, nextAt: in2h },
        { reason: newYork, sends: 3, nextAt: in5h },
      ],
      more: false,
    });
    expect(await campaignSendWindowWaits(sql, { workspaceId: otherWorkspace, campaignId, now })).toEqual({ groups: [], more: false });
    // Once the Berlin window has opened, only New York's emails still wait.
    expect(await campaignSendWindowWaits(sql, { workspaceId, campaignId, now: new Date(in2h.getTime() + 1) })).toEqual({ groups: [{ reason: newYork, sends: 3, nextAt: in5h }], more: false });
  });

  it('answers nothing for a campaign with no email waiting', async () => {
    const workspaceId = (await createWorkspace(sql, { name: 'All sent', slug: await availableSlug(sql, 'All sent') })).id;
    const { campaignId } = await seedEngagedLeads(sql, { workspaceId, count: 5 });
    expect(await campaignSendWindowWaits(sql, { workspaceId, campaignId, now: new Date() })).toEqual({ groups: [], more: false });
  });
});
