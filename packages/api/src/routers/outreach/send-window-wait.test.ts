import { outsideSendWindowReason } from '@switchboard/core';
import { createSends, deferSend, enrolApprovedLeads, type Sql } from '@switchboard/db';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { outreachCampaign } from '../../../../../tests/outreach-campaign.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;
let viewer: TestMember;
let stranger: TestMember;

beforeAll(async () => {
  acme = await openTestWorkspace('outreach-send-window-test');
  ({ sql, operator } = acme);
  viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
  stranger = await createMember(sql, { email: 'gus@globex.test', role: 'admin', workspaceName: 'Globex' });
});

afterAll(() => acme.close());

const asViewer = () => callerAs(sql, viewer, 'viewer');

/** A started campaign whose enrolled leads each have a first email queued. */
async function campaignWithQueuedEmails(name: string) {
  const workspaceId = operator.workspaceId;
  const { campaignId } = await outreachCampaign(sql, operator, name, 4);
  await sql`update campaigns set status = 'active' where id = ${campaignId}`;
  await enrolApprovedLeads(sql, { workspaceId, campaignId, enrolledBy: operator.userId, firstStepId: 'first-email', startAt: new Date() });
  const enrolments = await sql<{ id: string; leadId: string; email: string }[]>`
    select id, lead_id as "leadId", email from enrolments where campaign_id = ${campaignId} and email is not null order by id`;
  const sends = await createSends(
    sql,
    enrolments.map((enrolment) => ({
      workspaceId, campaignId, enrolmentId: enrolment.id, leadId: enrolment.leadId, stepId: 'first-email', channel: 'email' as const, stepPosition: 0,
      nextStepId: 'wait-1', toAddress: enrolment.email, idempotencyKey: randomUUID(), messageId: `<${randomUUID()}@acme.test>`, notBefore: new Date(),
    })),
  );
  return { campaignId, sendIds: sends.map((send) => send.id) };
}

describe('emails waiting for their recipients’ send window', () => {
  it('answers null while nothing waits for a window, and the dispatcher’s deferrals summed up once some do', async () => {
    const { campaignId, sendIds } = await campaignWithQueuedEmails('Night shift');
    expect(sendIds).toHaveLength(3);
    expect(await asViewer().outreach.sendWindowWait({ campaignId })).toBeNull();
    expect((await asViewer().outreach.board({ campaignId })).sendWindow).toBeNull();

    const workspaceId = operator.workspaceId;
    const opensAt = new Date(Date.now() + 2 * 60 * 60_000 + 60_000);
    await deferSend(sql, { workspaceId, sendId: sendIds[0]!, notBefore: opensAt, reason: outsideSendWindowReason('America/New_York') });
    await deferSend(sql, { workspaceId, sendId: sendIds[1]!, notBefore: new Date(opensAt.getTime() + 60 * 60_000), reason: outsideSendWindowReason('America/Chicago') });
    // A full mailbox is another reason, said by the board's mailbox notice.
    await deferSend(sql, { workspaceId, sendId: sendIds[2]!, notBefore: opensAt, reason: 'Mailbox ann@acme.test is at its limit.' });

    const wait = await asViewer().outreach.sendWindowWait({ campaignId });
    expect(wait).toEqual({
      waiting: 2,
      more: false,
      zones: 2,
      nextAt: opensAt.toISOString(),
      nextZone: 'America/New_York',
      notice: expect.stringMatching(/^2 emails waiting for their recipients’ send window in 2 time zones; the next opens at \d\d:\d\d in America\/New_York \(in about 2 hours\)\.$/),
    });
    expect((await asViewer().outreach.board({ campaignId })).sendWindow).toEqual(wait);
  });

  it('does not answer for another workspace’s campaign', async () => {
    const { campaignId } = await campaignWithQueuedEmails('Not yours');
    await expect(callerAs(sql, stranger, 'admin').outreach.sendWindowWait({ campaignId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
