import { createCampaign, createSends, enrolApprovedLeads, findSend, listAudit, mergeLeadCandidates, setCampaignStatus, transitionLeads, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;

beforeAll(async () => {
  acme = await openTestWorkspace('mark-replied-test');
  ({ sql, operator } = acme);
});

afterAll(() => acme.close());

/** A lead in outreach with its enrolment and a follow-up waiting to be sent. */
async function leadInOutreach() {
  const { workspaceId, userId } = operator;
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  const campaign = await createCampaign(sql, { workspaceId, name: 'Replies', timeZone: 'UTC', target, createdBy: userId });
  const { leads } = await mergeLeadCandidates(sql, {
    workspaceId,
    campaignId: campaign.id,
    candidates: [{ name: 'Reply Plumbing', city: 'Austin', country: 'US', contacts: [{ email: 'owner@reply.example' }], source: { kind: 'search', ref: 'https://reply.example/', evidence: {} } }],
  });
  const leadId = leads[0]!.leadId;
  for (const event of ['queue_for_review', 'approve'] as const) await transitionLeads(sql, { workspaceId, event, target: { ids: [leadId] }, changedBy: userId });
  await setCampaignStatus(sql, workspaceId, campaign.id, { from: ['draft'], to: 'active', by: userId });
  await enrolApprovedLeads(sql, { workspaceId, campaignId: campaign.id, enrolledBy: userId, firstStepId: 'first', startAt: new Date() });
  const [enrolment]: [{ id: string }?] = await sql`select id from enrolments where lead_id = ${leadId}`;
  const [send] = await createSends(sql, [
    {
      workspaceId, campaignId: campaign.id, enrolmentId: enrolment!.id, leadId, stepId: 'follow-up-1', stepPosition: 2, nextStepId: null, channel: 'email', toAddress: 'owner@reply.example',
      idempotencyKey: `send:${enrolment!.id}:follow-up-1`, messageId: `<${enrolment!.id}.2@switchboard.test>`, notBefore: new Date(Date.now() + 86_400_000),
    },
  ]);
  return { leadId, enrolmentId: enrolment!.id, sendId: send!.id };
}

it('records a reply by hand: the lead is replied, its sequence stops and the waiting follow-up is canceled, audited', async () => {
  const { leadId, enrolmentId, sendId } = await leadInOutreach();
  await expect(callerAs(sql, operator, 'viewer').leads.markReplied({ id: leadId })).rejects.toMatchObject({ code: 'FORBIDDEN' });

  expect(await callerAs(sql, operator, 'operator').leads.markReplied({ id: leadId })).toMatchObject({ from: 'in_outreach', to: 'replied' });
  expect(await findSend(sql, operator.workspaceId, sendId)).toMatchObject({ status: 'canceled' });
  const [enrolment]: [{ status: string; stopReason: string }?] = await sql`select status, stop_reason as "stopReason" from enrolments where id = ${enrolmentId}`;
  expect(enrolment).toEqual({ status: 'stopped', stopReason: 'replied' });
  const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'lead.mark_replied', limit: 5 });
  expect(entry).toMatchObject({ targetId: leadId, summary: { from: 'in_outreach', to: 'replied' } });

  await expect(callerAs(sql, operator, 'operator').leads.markReplied({ id: leadId })).rejects.toMatchObject({ code: 'CONFLICT' });
});

it('refuses a lead that is not in outreach, a malformed id and another workspace’s lead with clear errors', async () => {
  const stranger = await createMember(sql, { email: 'sam@elsewhere.test', role: 'operator', workspaceName: 'Elsewhere' });
  const theirs = await mergeLeadCandidates(sql, { workspaceId: stranger.workspaceId, campaignId: null, candidates: [{ name: 'Their Lead', city: 'Austin', country: 'US', source: { kind: 'search', ref: 'https://theirs.example/', evidence: {} } }] });
  const caller = callerAs(sql, operator, 'operator');
  await expect(caller.leads.markReplied({ id: theirs.leads[0]!.leadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(caller.leads.markReplied({ id: 'not-a-uuid' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('That is not a lead id.') });
  const mine = await mergeLeadCandidates(sql, { workspaceId: operator.workspaceId, campaignId: null, candidates: [{ name: 'Fresh Lead', city: 'Austin', country: 'US', source: { kind: 'search', ref: 'https://fresh.example/', evidence: {} } }] });
  await expect(caller.leads.markReplied({ id: mine.leads[0]!.leadId })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'A lead that is discovered cannot be marked as replied.' });
});
