import { addLeadMessage, createSends, enrolApprovedLeads, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestMember } from '../../../../../tests/accounts.ts';
import { outreachCampaign } from '../../../../../tests/outreach-campaign.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';
import { LEAD_TIMELINE_LIMIT } from './timeline.handler.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;
let leadId: string;
let campaignId: string;

const SENDS = LEAD_TIMELINE_LIMIT + 5;
const DAY_MS = 24 * 60 * 60_000;

/** A lead sent SENDS emails over the weeks (step-1 the oldest), with 3 replies. */
beforeAll(async () => {
  acme = await openTestWorkspace('lead-timeline-pages-test');
  ({ sql, operator } = acme);
  const workspaceId = operator.workspaceId;
  ({ campaignId } = await outreachCampaign(sql, operator, 'Paged timeline'));
  await sql`update campaigns set status = 'active' where id = ${campaignId}`;
  await enrolApprovedLeads(sql, { workspaceId, campaignId, enrolledBy: operator.userId, firstStepId: 'first-email', startAt: new Date() });
  const [enrolment] = await sql<{ id: string; leadId: string; email: string }[]>`
    select id, lead_id as "leadId", email from enrolments where campaign_id = ${campaignId} and email is not null order by id limit 1`;
  leadId = enrolment!.leadId;
  await createSends(
    sql,
    Array.from({ length: SENDS }, (_, n) => ({
      workspaceId, campaignId, enrolmentId: enrolment!.id, leadId, stepId: `step-${n + 1}`, channel: 'email' as const, stepPosition: n, nextStepId: null,
      toAddress: enrolment!.email, idempotencyKey: `paged:${n}`, messageId: `<paged.${n}@acme.test>`, notBefore: new Date(Date.now() - (SENDS - n) * DAY_MS),
    })),
  );
  await sql`update sends set created_at = not_before where lead_id = ${leadId}`;
  for (let n = 1; n <= 3; n += 1) {
    await addLeadMessage(sql, {
      workspaceId, leadId, sendId: null, direction: 'inbound', kind: 'reply', fromAddress: enrolment!.email, subject: `Reply ${n}`, text: `Reply ${n}`,
      receivedAt: new Date(Date.now() - n * 60_000), providerEventId: `paged-reply-${n}`,
    });
  }
});

afterAll(() => acme.close());

const timeline = (input: Parameters<ReturnType<typeof callerAs>['leads']['timeline']>[0]) => callerAs(sql, operator, 'operator').leads.timeline(input);
const steps = (entries: { entry: string; stepId?: string }[]) => entries.flatMap((entry) => (entry.entry === 'send' && entry.stepId ? [entry.stepId] : []));

describe('a lead’s timeline, newest first and then older', () => {
  it('answers the newest page with where the next older one starts, and that page with the rest', async () => {
    const newest = await timeline({ id: leadId });
    expect(newest).toMatchObject({ older: false, start: null, shown: { sends: LEAD_TIMELINE_LIMIT, messages: 3 }, totals: { sends: SENDS, messages: 3 }, more: true });
    expect(steps(newest.entries)).toEqual(Array.from({ length: LEAD_TIMELINE_LIMIT }, (_, n) => `step-${SENDS - LEAD_TIMELINE_LIMIT + n + 1}`));
    const oldestShown = newest.entries.find((entry) => entry.entry === 'send')!;
    // The messages all fit: the older page leaves them out.
    expect(newest.next).toEqual({ sendsBefore: oldestShown.id, messagesBefore: null });

    const older = await timeline({ id: leadId, ...newest.next });
    expect(older).toMatchObject({ older: true, start: { sendsBefore: oldestShown.id, messagesBefore: null }, shown: { sends: SENDS - LEAD_TIMELINE_LIMIT, messages: 0 }, next: null });
    expect(steps(older.entries)).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5']);
  });

  it('refuses a page link that is not one, and a send of another lead starts an empty page', async () => {
    await expect(timeline({ id: leadId, sendsBefore: 'not-a-send' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('That “show older” link is not valid (send)') });
    const [other]: [{ id: string }?] = await sql`select id from sends where lead_id <> ${leadId} limit 1`;
    const someoneElse = other?.id ?? '00000000-0000-4000-8000-000000000000';
    expect(await timeline({ id: leadId, sendsBefore: someoneElse })).toMatchObject({ older: true, entries: [], next: null });
  });
});
