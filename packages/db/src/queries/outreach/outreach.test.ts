import { randomUUID } from 'node:crypto';
import type { LeadCandidate } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import type { TestDatabase } from '../../testing/index.ts';
import { createCampaign, setCampaignStatus } from '../campaigns.ts';
import { mergeLeadCandidates } from '../lead-merge/index.ts';
import { transitionLeads } from '../leads.ts';
import { upsertUser } from '../users.ts';
import { availableSlug, createWorkspace } from '../workspaces.ts';
import { applyEnrolmentPlans, claimDueEnrolments, countEnrolableLeads, enrolApprovedLeads, stopLeadEnrolments } from './enrolments.ts';
import {
  claimSendForSending,
  claimSendsForSending,
  countSendsByStep,
  createSends,
  findSend,
  markSendFailed,
  markSendRetrying,
  markSendSent,
  recordSendDelivery,
  type PlannedSend,
} from './sends.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'outreach-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places'] as 'places'[] };
const MAILBOX_ID = randomUUID();

function business(index: number, email: string | null): LeadCandidate {
  return {
    name: `Business ${index}`,
    city: 'Austin',
    country: 'US',
    source: { kind: 'places', ref: `place-${index}`, evidence: {} },
    // A business without an address shows a contact form instead (seed 000's form-only sites).
    ...(email ? { contacts: [{ email }] } : { hasContactForm: true }),
  };
}

/** A workspace with an active campaign whose leads 0..n-1 are approved; lead `noEmail` has no address. */
async function campaignWithApprovedLeads(name: string, count: number, noEmail = -1) {
  const workspace = await createWorkspace(sql, { name, slug: await availableSlug(sql, name) });
  const user = await upsertUser(sql, { email: `${workspace.slug}@example.com` });
  const campaign = await createCampaign(sql, { workspaceId: workspace.id, name: `${name} campaign`, timeZone: 'UTC', target: TARGET, createdBy: user.id });
  const candidates = Array.from({ length: count }, (_, index) => business(index, index === noEmail ? null : `owner${index}@${workspace.slug}.example`));
  const { leads } = await mergeLeadCandidates(sql, { workspaceId: workspace.id, campaignId: campaign.id, candidates });
  const ids = leads.map((lead) => lead.leadId);
  for (const event of ['queue_for_review', 'approve'] as const) await transitionLeads(sql, { workspaceId: workspace.id, event, target: { ids }, changedBy: user.id });
  await setCampaignStatus(sql, workspace.id, campaign.id, { from: ['draft'], to: 'active', by: user.id });
  return { workspaceId: workspace.id, campaignId: campaign.id, userId: user.id, leadIds: ids };
}

function plannedSend(enrolment: { id: string; workspaceId: string; campaignId: string; leadId: string; email: string | null }, stepId = 'first'): PlannedSend {
  return {
    workspaceId: enrolment.workspaceId,
    campaignId: enrolment.campaignId,
    enrolmentId: enrolment.id,
    leadId: enrolment.leadId,
    stepId,
    stepPosition: 0,
    nextStepId: 'wait-1',
    channel: 'email',
    toAddress: enrolment.email,
    idempotencyKey: `send:${enrolment.id}:${stepId}`,
    messageId: `<${randomUUID()}@switchboard.test>`,
    notBefore: new Date(Date.now() - 1_000),
  };
}

async function createOneSend(enrolment: Parameters<typeof plannedSend>[0]): Promise<{ id: string }> {
  const [created] = await createSends(sql, [plannedSend(enrolment)]);
  if (!created) throw new Error('the send was not created');
  return created;
}

async function enrolAndClaim(name: string, count: number) {
  const setup = await campaignWithApprovedLeads(name, count);
  await enrolApprovedLeads(sql, { workspaceId: setup.workspaceId, campaignId: setup.campaignId, enrolledBy: setup.userId, firstStepId: 'first', startAt: new Date(Date.now() - 1_000) });
  const due = await sql.begin((tx) => claimDueEnrolments(tx, { now: new Date(), limit: 1_000 }));
  return { ...setup, due: due.filter((enrolment) => enrolment.campaignId === setup.campaignId) };
}

describe('enrolment', () => {
  it('enrols approved leads with an address once, moves them to outreach and counts those it cannot write to', async () => {
    const { workspaceId, campaignId, userId, leadIds } = await campaignWithApprovedLeads('Enrol', 4, 3);
    expect(await countEnrolableLeads(sql, workspaceId, campaignId)).toEqual({ enrolable: 3, withoutEmail: 1, formOnly: 1, enrolled: 0, withoutPhone: 4, withEmailWithoutPhone: 3 });
    const first = await enrolApprovedLeads(sql, { workspaceId, campaignId, enrolledBy: userId, firstStepId: 'first', startAt: new Date() });
    expect(first.sort()).toEqual(leadIds.slice(0, 3).sort());
    expect(await enrolApprovedLeads(sql, { workspaceId, campaignId, enrolledBy: userId, firstStepId: 'first', startAt: new Date() })).toEqual([]);
    const statuses = await sql<{ status: string }[]>`select status from leads where id = any(${leadIds}::uuid[]) order by status`;
    expect(statuses.map((row) => row.status)).toEqual(['approved', 'in_outreach', 'in_outreach', 'in_outreach']);
    expect(await countEnrolableLeads(sql, workspaceId, campaignId)).toEqual({ enrolable: 0, withoutEmail: 1, formOnly: 1, enrolled: 3, withoutPhone: 1, withEmailWithoutPhone: 0 });
    // A sequence with a contact form step also takes the lead that has only a form, with no address.
    expect(await enrolApprovedLeads(sql, { workspaceId, campaignId, enrolledBy: userId, firstStepId: 'first', startAt: new Date(), formLeads: true })).toEqual([leadIds[3]]);
    const [formOnly] = await sql<{ email: string | null; contactId: string | null }[]>`select email, contact_id as "contactId" from enrolments where lead_id = ${leadIds[3]!}`;
    expect(formOnly).toEqual({ email: null, contactId: null });
  });

  it('lets two schedulers claim disjoint due enrolments and skips paused campaigns', async () => {
    const { workspaceId, campaignId, userId } = await campaignWithApprovedLeads('Claim', 6);
    // Due an hour ago: earlier than every other test's enrolments in this database, so the claims (oldest first) take these.
    await enrolApprovedLeads(sql, { workspaceId, campaignId, enrolledBy: userId, firstStepId: 'first', startAt: new Date(Date.now() - 3_600_000) });
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstClaimed: string[] = [];
    const first = sql.begin(async (tx) => {
      firstClaimed = (await claimDueEnrolments(tx, { now: new Date(), limit: 3 })).map((row) => row.id);
      await firstHolds;
    });
    await expect.poll(() => firstClaimed.length).toBe(3);
    const second = await sql.begin((tx) => claimDueEnrolments(tx, { now: new Date(), limit: 10 }));
    releaseFirst();
    await first;
    const secondIds = second.filter((row) => row.campaignId === campaignId).map((row) => row.id);
    expect(secondIds).toHaveLength(3);
    expect(secondIds.some((id) => firstClaimed.includes(id))).toBe(false);

    await setCampaignStatus(sql, workspaceId, campaignId, { from: ['active'], to: 'paused', by: userId });
    const whilePaused = await sql.begin((tx) => claimDueEnrolments(tx, { now: new Date(), limit: 10 }));
    expect(whilePaused.filter((row) => row.campaignId === campaignId)).toEqual([]);
  });

  it('writes plans only onto active enrolments', async () => {
    const { due } = await enrolAndClaim('Plans', 2);
    const [waiting, done] = due as [(typeof due)[number], (typeof due)[number]];
    const later = new Date(Date.now() + 86_400_000);
    await sql.begin((tx) =>
      applyEnrolmentPlans(tx, [
        { id: waiting.id, status: 'active', stopReason: null, stepId: 'second', stepSince: later, nextActionAt: later },
        { id: done.id, status: 'completed', stopReason: null, stepId: null, stepSince: later, nextActionAt: null },
      ]),
    );
    const rows = await sql<{ id: string; status: string; stepId: string | null; nextActionAt: Date | null; finishedAt: Date | null }[]>`
      select id, status, step_id as "stepId", next_action_at as "nextActionAt", finished_at as "finishedAt" from enrolments where id in (${waiting.id}, ${done.id})`;
    expect(rows.find((row) => row.id === waiting.id)).toMatchObject({ status: 'active', stepId: 'second', nextActionAt: later, finishedAt: null });
    expect(rows.find((row) => row.id === done.id)).toMatchObject({ status: 'completed', stepId: null, nextActionAt: null });
    expect(rows.find((row) => row.id === done.id)?.finishedAt).toBeInstanceOf(Date);
  });
});

describe('sends', () => {
  it('plans one send per enrolment and step however often it is planned', async () => {
    const { due } = await enrolAndClaim('Once', 2);
    const planned = due.map((enrolment) => plannedSend(enrolment));
    expect(await createSends(sql, planned)).toHaveLength(2);
    expect(await createSends(sql, due.map((enrolment) => plannedSend(enrolment)))).toEqual([]);
  });

  it('lets one of two workers claim a send, and advances the enrolment once it is sent', async () => {
    const { workspaceId, due } = await enrolAndClaim('Claim send', 1);
    const [enrolment] = due as [(typeof due)[number]];
    const created = await createOneSend(enrolment);
    const claim = () => claimSendForSending(sql, { workspaceId, sendId: created.id, now: new Date(), mailboxId: MAILBOX_ID });
    const claims = await Promise.all([claim(), claim(), claim()]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(claims.find(Boolean)).toMatchObject({ status: 'sending', attempts: 1, mailboxId: MAILBOX_ID });

    expect(await markSendSent(sql, { workspaceId, sendId: created.id, provider: 'sandbox', providerMessageId: 'sandbox:1', subject: 'Hello', now: new Date() })).toBe(true);
    expect(await markSendSent(sql, { workspaceId, sendId: created.id, provider: 'sandbox', providerMessageId: 'sandbox:2', subject: 'Hello', now: new Date() })).toBe(false);
    const [row]: [{ stepId: string; mailboxId: string; due: boolean }?] = await sql`
      select step_id as "stepId", mailbox_id as "mailboxId", next_action_at <= now() as due from enrolments where id = ${enrolment.id}`;
    expect(row).toEqual({ stepId: 'wait-1', mailboxId: MAILBOX_ID, due: true });
    expect(await findSend(sql, workspaceId, created.id)).toMatchObject({ status: 'sent', providerMessageId: 'sandbox:1' });
  });

  it('claims a batch of emails once each, never a contact form send, and a retried one again with its attempts counted', async () => {
    const { workspaceId, due } = await enrolAndClaim('Batch claim', 4);
    const [retried, taken, untried, form] = due as [(typeof due)[number], (typeof due)[number], (typeof due)[number], (typeof due)[number]];
    const planned = [plannedSend(retried), plannedSend(taken), plannedSend(untried), { ...plannedSend(form), channel: 'form' as const, toAddress: null }];
    const created = await createSends(sql, planned);
    const sendOf = (enrolment: (typeof due)[number]) => ({ id: created.find((send) => send.enrolmentId === enrolment.id)!.id });
    const [retriedSend, takenSend, formSend] = [sendOf(retried), sendOf(taken), sendOf(form)];
    const claim = (ids: string[]) =>
      claimSendsForSending(sql, { now: new Date(), sends: ids.map((sendId) => ({ workspaceId, sendId, mailboxId: MAILBOX_ID, provider: 'resend' })) });
    const claimed = await claim([retriedSend.id, takenSend.id, formSend.id]);
    expect(claimed.map((row) => row.id).sort()).toEqual([retriedSend.id, takenSend.id].sort());
    expect(claimed.every((row) => row.attempts === 1)).toBe(true);
    expect(await claim([retriedSend.id, takenSend.id])).toEqual([]);
    expect(await findSend(sql, workspaceId, formSend.id)).toMatchObject({ status: 'queued', attempts: 0 });

    // The provider timed out on one: back to retrying, though the provider may have taken it.
    await markSendRetrying(sql, { workspaceId, sendId: retriedSend.id, notBefore: new Date(), failure: 'resend: timed out' });
    // A retried send is claimed again, its attempts counted on.
    expect(await claim([retriedSend.id, takenSend.id])).toEqual([{ id: retriedSend.id, attempts: 2 }]);
  });

  it('cancels waiting sends when the lead replies, so a claim afterwards finds nothing to send', async () => {
    const { workspaceId, leadIds, due } = await enrolAndClaim('Stop', 1);
    const [enrolment] = due as [(typeof due)[number]];
    const created = await createOneSend(enrolment);
    const stopped = await stopLeadEnrolments(sql, { workspaceId, leadIds, reason: 'replied' });
    expect(stopped).toEqual({ enrolmentIds: [enrolment.id], canceledSendIds: [created.id], campaignIds: [enrolment.campaignId], canceledCallIds: [] });
    expect(await claimSendForSending(sql, { workspaceId, sendId: created.id, now: new Date(), mailboxId: MAILBOX_ID })).toBeNull();
    expect(await findSend(sql, workspaceId, created.id)).toMatchObject({ status: 'canceled' });
  });

  it('stops the sequence of a send that failed for good', async () => {
    const { workspaceId, due } = await enrolAndClaim('Fail', 1);
    const [enrolment] = due as [(typeof due)[number]];
    const created = await createOneSend(enrolment);
    // Only the holder of a claimed send decides it failed.
    expect(await markSendFailed(sql, { workspaceId, sendId: created.id, failure: 'Resend: invalid recipient' })).toBe(false);
    await claimSendForSending(sql, { workspaceId, sendId: created.id, now: new Date(), mailboxId: MAILBOX_ID });
    expect(await markSendFailed(sql, { workspaceId, sendId: created.id, failure: 'Resend: invalid recipient' })).toBe(true);
    const [row]: [{ status: string; stopReason: string }?] = await sql`select status, stop_reason as "stopReason" from enrolments where id = ${enrolment.id}`;
    expect(row).toEqual({ status: 'stopped', stopReason: 'send_failed' });
  });

  it('never moves a delivery state backwards and keeps the first open', async () => {
    const { workspaceId, campaignId, due } = await enrolAndClaim('Delivery', 1);
    const [enrolment] = due as [(typeof due)[number]];
    const created = await createOneSend(enrolment);
    const firstOpen = new Date('2026-11-30T10:00:00Z');
    expect(await recordSendDelivery(sql, { sendId: created.id, event: 'bounced', at: new Date() })).toBe(true);
    expect(await recordSendDelivery(sql, { sendId: created.id, event: 'delivered', at: new Date() })).toBe(false);
    expect(await recordSendDelivery(sql, { sendId: created.id, event: 'delivery_delayed', at: new Date() })).toBe(false);
    expect(await recordSendDelivery(sql, { sendId: created.id, event: 'complained', at: new Date() })).toBe(true);
    expect(await recordSendDelivery(sql, { sendId: created.id, event: 'opened', at: firstOpen })).toBe(true);
    expect(await recordSendDelivery(sql, { sendId: created.id, event: 'opened', at: new Date() })).toBe(false);
    expect(await findSend(sql, workspaceId, created.id)).toMatchObject({ delivery: 'complained' });
    // The scheduler hands these to the planner as the lead's events.
    const claimed = (await sql.begin((tx) => claimDueEnrolments(tx, { now: new Date(), limit: 1_000 }))).find((row) => row.id === enrolment.id);
    expect(claimed?.events).toHaveLength(3);
    expect(claimed?.events).toEqual(
      expect.arrayContaining([{ type: 'opened', at: firstOpen }, { type: 'bounced', at: expect.any(Date) }, { type: 'complained', at: expect.any(Date) }]),
    );
    expect(await countSendsByStep(sql, workspaceId, campaignId)).toEqual([
      { stepId: 'first', stepPosition: 0, channel: 'email', scheduled: 1, sent: 0, failed: 0, skipped: 0, delivered: 0, bounced: 0, complained: 1, opened: 1, clicked: 0, replied: 0, unsubscribed: 0 },
    ]);
  });
});
