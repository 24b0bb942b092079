import { addCalendarDays, calendarDayIn } from '@switchboard/core';
import { createCampaign } from '@switchboard/db';
import { seedSentEmails } from '@switchboard/db/testing';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

const TARGET = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };

let world: TestWorkspace;
let viewer: TestMember;
let campaignId: string;
let tokyoCampaignId: string;

beforeAll(async () => {
  world = await openTestWorkspace('analytics-api-test');
  viewer = await createMember(world.sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: world.operator.workspaceId });
  await world.sql`update workspaces set time_zone = 'America/Chicago' where id = ${world.operator.workspaceId}`;
  campaignId = (await createCampaign(world.sql, { workspaceId: world.operator.workspaceId, name: 'Plumbers', timeZone: 'America/Chicago', target: TARGET, createdBy: null })).id;
  tokyoCampaignId = (await createCampaign(world.sql, { workspaceId: world.operator.workspaceId, name: 'Tokyo', timeZone: 'Asia/Tokyo', target: TARGET, createdBy: null })).id;
  await seedSentEmails(world.sql, {
    workspaceId: world.operator.workspaceId,
    campaignId,
    emails: [
      { lead: 'One', sentAt: new Date('2026-03-02T15:00:00Z'), delivery: 'delivered' },
      { lead: 'Two', sentAt: new Date('2026-03-02T16:00:00Z'), delivery: 'bounced' },
      { lead: 'Three', stepId: 'second', stepPosition: 2, sentAt: new Date('2026-03-04T16:00:00Z'), delivery: 'delivered' },
    ],
  });
  // 23:30 on 3 March in Chicago is already 4 March in Tokyo.
  await seedSentEmails(world.sql, { workspaceId: world.operator.workspaceId, campaignId: tokyoCampaignId, emails: [{ lead: 'Four', sentAt: new Date('2026-03-04T05:30:00Z') }] });
});

afterAll(async () => {
  await world.close();
});

async function refusal(call: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return { status: getHTTPStatusCodeFromError(error), message: error.message };
    throw error;
  }
  throw new Error('the call was not refused');
}

describe('analytics.report', () => {
  it('reads days, steps and mailboxes of a campaign, with rates, for a viewer', async () => {
    const report = await callerAs(world.sql, viewer, 'viewer').analytics.report({ campaignId, from: '2026-03-01', to: '2026-03-05' });
    expect(report).toMatchObject({ timeZone: 'America/Chicago', timeZoneSource: 'campaign', from: '2026-03-01', to: '2026-03-05', campaign: { id: campaignId, name: 'Plumbers' } });
    expect(report.totals).toMatchObject({ sent: 3, delivered: 2, bounced: 1, bounceRate: 1 / 3, replyRate: 0 });
    expect(report.days.map((day) => [day.day, day.sent])).toEqual([
      ['2026-03-01', 0],
      ['2026-03-02', 2],
      ['2026-03-03', 0],
      ['2026-03-04', 1],
      ['2026-03-05', 0],
    ]);
    expect(report.steps.map((step) => [step.label, step.sent, step.bounceRate])).toEqual([
      ['Step 1', 2, 0.5],
      ['Step 3', 1, 0],
    ]);
    expect(report.mailboxes.map((mailbox) => [mailbox.label, mailbox.sent])).toEqual([['No mailbox', 3]]);
  });

  it("reads the workspace's days on the workspace's clock, a campaign's on its own", async () => {
    const caller = callerAs(world.sql, viewer, 'viewer');
    const workspace = await caller.analytics.report({ from: '2026-03-03', to: '2026-03-03' });
    expect(workspace).toMatchObject({ timeZone: 'America/Chicago', timeZoneSource: 'workspace', campaign: null, totals: { sent: 1 } });
    expect(workspace.campaigns.map((campaign) => campaign.label)).toEqual(['Tokyo']);
    const tokyo = await caller.analytics.report({ campaignId: tokyoCampaignId, from: '2026-03-04', to: '2026-03-04' });
    expect(tokyo).toMatchObject({ timeZone: 'Asia/Tokyo', timeZoneSource: 'campaign', totals: { sent: 1 } });
  });

  it('reads days in UTC, and says so, when the configured zone is not a known one', async () => {
    await world.sql`update campaigns set time_zone = 'Mars/Olympus' where id = ${tokyoCampaignId}`;
    try {
      const report = await callerAs(world.sql, viewer, 'viewer').analytics.report({ campaignId: tokyoCampaignId, from: '2026-03-04', to: '2026-03-04' });
      expect(report).toMatchObject({ timeZone: 'UTC', timeZoneSource: 'utc', totals: { sent: 1 } });
    } finally {
      await world.sql`update campaigns set time_zone = 'Asia/Tokyo' where id = ${tokyoCampaignId}`;
    }
  });

  it('defaults to the 30 days ending today, and says "no emails" with null rates when none went', async () => {
    const report = await callerAs(world.sql, viewer, 'viewer').analytics.report({});
    const today = calendarDayIn('America/Chicago', new Date());
    expect(report).toMatchObject({ from: addCalendarDays(today, -29), to: today });
    expect(report.days).toHaveLength(30);
    expect(report.totals).toMatchObject({ sent: 0, bounceRate: null, replyRate: null });
    expect(report.steps).toEqual([]);
  });

  it('refuses bad dates and ranges with 400 and a sentence', async () => {
    const caller = callerAs(world.sql, viewer, 'viewer');
    expect(await refusal(caller.analytics.report({ from: '2026-02-30', to: '2026-03-01' }))).toEqual({ status: 400, message: 'from: The start date is not a calendar date (YYYY-MM-DD).' });
    expect(await refusal(caller.analytics.report({ from: 'yesterday' }))).toEqual({ status: 400, message: 'from: The start date is not a calendar date (YYYY-MM-DD).' });
    expect(await refusal(caller.analytics.report({ from: '2026-03-05', to: '2026-03-01' }))).toEqual({ status: 400, message: 'to: The end date is before the start date.' });
    expect(await refusal(caller.analytics.report({ from: '2026-01-01', to: '2026-12-31' }))).toEqual({ status: 400, message: 'to: Choose at most 92 days.' });
    expect(await refusal(caller.analytics.report({ campaignId: 'not-a-uuid' }))).toEqual({ status: 400, message: 'campaignId: That is not a campaign id.' });
    // One end given, the other is 30 days away: from the last years a date can be written in, that was a database error.
    expect(await refusal(caller.analytics.report({ from: '9999-12-20' }))).toEqual({ status: 400, message: 'from: The start date must be between 1970-01-01 and 2999-12-31.' });
    expect(await refusal(caller.analytics.export({ to: '0999-01-05' }))).toEqual({ status: 400, message: 'to: The end date must be between 1970-01-01 and 2999-12-31.' });
    expect(await refusal(caller.analytics.export({ groupBy: 'week' as never }))).toMatchObject({ status: 400, message: expect.stringContaining('Group by one of detail, day, campaign, step, mailbox.') });
  });

  it('answers 404 for a campaign that is not in the workspace', async () => {
    expect(await refusal(callerAs(world.sql, viewer, 'viewer').analytics.report({ campaignId: '00000000-0000-4000-8000-000000000000' }))).toEqual({
      status: 404,
      message: 'That campaign does not exist in this workspace.',
    });
  });
});

describe('analytics.export', () => {
  it('gives every row in detail, or the groups of one dimension', async () => {
    const caller = callerAs(world.sql, viewer, 'viewer');
    const detail = await caller.analytics.export({ campaignId, from: '2026-03-01', to: '2026-03-05' });
    expect(detail.detail.map((row) => [row.day, row.stepId, row.sent, row.bounceRate])).toEqual([
      ['2026-03-02', 'first', 2, 0.5],
      ['2026-03-04', 'second', 1, 0],
    ]);
    const byDay = await caller.analytics.export({ campaignId, from: '2026-03-01', to: '2026-03-05', groupBy: 'day' });
    expect(byDay.groups.map((group) => group.sent)).toEqual([0, 2, 0, 1, 0]);
  });
});
