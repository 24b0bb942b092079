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
  markSendsSent,
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

describe('stored send counts', () => {
  const BOARD_COLUMNS = ['scheduled', 'sent', 'failed', 'skipped', 'delivered', 'bounced', 'complained', 'opened', 'clicked'] as const;

  /** Every campaign step's stored counts beside a count of its sends as they are now: the two must be equal. */
  async function storedAndCounted() {
    const stored = await sql`
      select workspace_id, campaign_id, step_id, channel, sends, scheduled, sent, failed, skipped, delivered, bounced, complained, opened, clicked
      from campaign_send_counts where sends > 0 order by workspace_id, campaign_id, step_id, channel`;
    const counted = await sql`
      select workspace_id, campaign_id, step_id, channel, count(*)::int as sends,
        count(*) filter (where status in ('queued', 'sending', 'retrying'))::int as scheduled,
        count(*) filter (where status = 'sent')::int as sent,
        count(*) filter (where status = 'failed')::int as failed,
        count(*) filter (where status = 'skipped')::int as skipped,
        count(*) filter (where delivery in ('delivered', 'bounced', 'complained') and delivered_at is not null)::int as delivered,
        count(*) filter (where delivery = 'bounced')::int as bounced,
        count(*) filter (where delivery = 'complained')::int as complained,
        count(*) filter (where opened_at is not null)::int as opened,
        count(*) filter (where clicked_at is not null)::int as clicked
      from sends group by workspace_id, campaign_id, step_id, channel order by workspace_id, campaign_id, step_id, channel`;
    return { stored: [...stored], counted: [...counted] };
  }

  it('leaves a send two planners create at once to whichever comes first, without an error from the other', async () => {
    const { due } = await enrolAndClaim('Raced', 30);
    // Rounds of eight planners writing the same sends: the idempotency key's own unique index must not refuse the losers.
    for (let round = 0; round < 40; round += 1) {
      const planned = due.map((enrolment) => plannedSend(enrolment, `step-${round}`));
      const created = await Promise.all(Array.from({ length: 8 }, () => createSends(sql, planned)));
      expect(created.flat()).toHaveLength(due.length);
    }
  });

  it('match a real count after sends are created, claimed, sent, retried, failed, delivered, opened and canceled concurrently', async () => {
    const { workspaceId, campaignId, leadIds, due } = await enrolAndClaim('Counted', 40);
    expect(due).toHaveLength(40);
    const [first, second] = [due.slice(0, 30), due.slice(30)];
    // Two planners creating the same sends at once: each send counted once.
    await Promise.all([createSends(sql, first.map((enrolment) => plannedSend(enrolment))), createSends(sql, first.map((enrolment) => plannedSend(enrolment)))]);
    await createSends(sql, second.map((enrolment) => ({ ...plannedSend(enrolment, 'second'), stepPosition: 2 })));
    const sends = await sql<{ id: string; leadId: string }[]>`select id, lead_id as "leadId" from sends where campaign_id = ${campaignId} order by id`;
    const ids = sends.map((send) => send.id);
    const now = new Date();

    // Batch and single claims racing for the same sends; each send is claimed once.
    await Promise.all([
      claimSendsForSending(sql, { now, sends: ids.slice(0, 20).map((sendId) => ({ workspaceId, sendId, mailboxId: MAILBOX_ID })) }),
      ...ids.slice(10, 36).map((sendId) => claimSendForSending(sql, { workspaceId, sendId, now, mailboxId: MAILBOX_ID })),
    ]);
    // Outcomes of different sends of the same step land at once, some twice (a retried job, a late webhook).
    const accepted = (sendId: string) => ({ workspaceId, sendId, provider: 'resend', providerMessageId: `re-${sendId}`, subject: 'Hello', now });
    await Promise.all([
      markSendsSent(sql, ids.slice(0, 12).map(accepted)),
      ...ids.slice(6, 18).map((sendId) => markSendSent(sql, accepted(sendId))),
      ...ids.slice(18, 22).map((sendId) => markSendRetrying(sql, { workspaceId, sendId, notBefore: now, failure: 'Resend: 429' })),
      ...ids.slice(22, 26).map((sendId) => markSendFailed(sql, { workspaceId, sendId, failure: 'Resend: invalid recipient' })),
    ]);
    // Provider events racing on the same sends, out of order and repeated.
    await Promise.all(
      ids.slice(0, 16).flatMap((sendId, index) => [
        recordSendDelivery(sql, { sendId, event: 'delivered', at: now }),
        recordSendDelivery(sql, { sendId, event: index % 4 === 0 ? 'bounced' : 'delivered', at: now }),
        recordSendDelivery(sql, { sendId, event: 'opened', at: now }),
        recordSendDelivery(sql, { sendId, event: 'opened', at: now }),
        ...(index % 3 === 0 ? [recordSendDelivery(sql, { sendId, event: 'clicked', at: now }), recordSendDelivery(sql, { sendId, event: 'complained', at: now })] : []),
      ]),
    );
    // Two transactions on sends of the same step, the first held open while the second waits for the count's row: neither change is lost.
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstDone = false;
    const held = sql.begin(async (tx) => {
      await recordSendDelivery(tx, { sendId: ids[16]!, event: 'opened', at: now });
      firstDone = true;
      await firstHolds;
    });
    await expect.poll(() => firstDone).toBe(true);
    const waiting = recordSendDelivery(sql, { sendId: ids[17]!, event: 'opened', at: now });
    releaseFirst();
    await Promise.all([held, waiting]);
    // Replies stop some sequences (their waiting sends canceled); a deleted lead takes its sends with it.
    const replied = sends.filter((send) => ids.indexOf(send.id) >= 34).map((send) => send.leadId);
    await Promise.all([stopLeadEnrolments(sql, { workspaceId, leadIds: replied, reason: 'replied' }), sql`delete from leads where id = ${leadIds[0]!}`]);

    const { stored, counted } = await storedAndCounted();
    expect(stored).toEqual(counted);
    // The board reads the stored counts: the same numbers as counting this campaign's sends.
    const board = await countSendsByStep(sql, workspaceId, campaignId);
    const mine = counted.filter((row) => row.campaign_id === campaignId);
    expect(board.map((step) => [step.stepId, step.stepPosition, ...BOARD_COLUMNS.map((column) => step[column])])).toEqual(
      mine.map((row) => [row.step_id, row.step_id === 'second' ? 2 : 0, ...BOARD_COLUMNS.map((column) => row[column] as number)]),
    );
    expect(board.reduce((sum, step) => sum + step.sent, 0)).toBeGreaterThan(0);
  });

  it('forget a deleted campaign’s counts and leave other campaigns’ as they were', async () => {
    const kept = await enrolAndClaim('Counted kept', 2);
    const gone = await enrolAndClaim('Counted gone', 3);
    await createSends(sql, [...kept.due, ...gone.due].map((enrolment) => plannedSend(enrolment)));
    await sql`delete from campaigns where id = ${gone.campaignId}`;
    const [left]: [{ rows: number }?] = await sql`select count(*)::int as rows from campaign_send_counts where campaign_id = ${gone.campaignId}`;
    expect(left?.rows).toBe(0);
    expect((await countSendsByStep(sql, kept.workspaceId, kept.campaignId)).map((step) => step.scheduled)).toEqual([2]);
    const { stored, counted } = await storedAndCounted();
    expect(stored).toEqual(counted);
  });
});
