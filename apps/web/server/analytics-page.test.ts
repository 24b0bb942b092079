import { createCampaign, createMailbox, type Sql } from '@switchboard/db';
import { seedSentEmails, TEST_MAILBOX_SETTINGS } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

const TARGET = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };

let workspace: RolesWebWorkspace;
let sql: Sql;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];
let campaignId: string;
let otherCampaignId: string;

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('analytics-page-test', {
    workspaceName: 'Analytics',
    emails: { admin: 'ada@analytics.test', operator: 'otto@analytics.test', viewer: 'vera@analytics.test' },
  });
  ({ sql, web, members } = workspace);
  const workspaceId = members.admin.workspaceId;
  // A name a spreadsheet would run as a formula, were it not escaped.
  campaignId = (await createCampaign(sql, { workspaceId, name: "=cmd|' /C calc'!A0", timeZone: 'Europe/Berlin', target: TARGET, createdBy: null })).id;
  const mailbox = await createMailbox(sql, { ...TEST_MAILBOX_SETTINGS, fromAddress: 'ann@acme.test', workspaceId, createdBy: null });
  await seedSentEmails(sql, {
    workspaceId,
    campaignId,
    emails: [
      { lead: 'One', mailboxId: mailbox!.id, sentAt: new Date('2026-03-02T10:00:00Z'), delivery: 'delivered' },
      { lead: 'Two', mailboxId: mailbox!.id, sentAt: new Date('2026-03-02T11:00:00Z'), delivery: 'bounced' },
      { lead: 'Three', stepId: 'second', stepPosition: 2, mailboxId: mailbox!.id, sentAt: new Date('2026-03-04T10:00:00Z'), delivery: 'delivered' },
    ],
  });
  const other: TestMember = await createMember(sql, { email: 'ola@other.test', role: 'admin', workspaceName: 'Other' });
  otherCampaignId = (await createCampaign(sql, { workspaceId: other.workspaceId, name: 'Secret campaign', timeZone: 'UTC', target: TARGET, createdBy: null })).id;
  await seedSentEmails(sql, { workspaceId: other.workspaceId, campaignId: otherCampaignId, emails: [{ lead: 'Hidden', sentAt: new Date('2026-03-02T10:00:00Z'), delivery: 'delivered' }] });
});

afterAll(() => workspace.close());

const get = (path: string, member: TestMember = members.viewer) => fetch(`${web.base}${path}`, { headers: { cookie: member.cookie } });

describe('analytics page', () => {
  it('shows an empty state when nothing was sent in the range', async () => {
    const response = await get('/analytics');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-testid="analytics-empty"');
    expect(html).toMatch(/Days run midnight to midnight in UTC, the workspace(&#x27;|')s time zone/);
    expect(html).not.toContain('data-testid="sent-chart"');
  });

  it("renders a campaign's charts and tables on the server, on the campaign's clock", async () => {
    const response = await get(`/analytics?campaign=${campaignId}&from=2026-03-01&to=2026-03-07`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/Days run midnight to midnight in Europe\/Berlin, the campaign(&#x27;|')s time zone/);
    expect(html).toContain('data-testid="sent-chart"');
    expect(html).toContain('data-testid="rates-chart"');
    // One bar per day of the range.
    expect(html.match(/class="bar-sent"/g)?.length).toBe(7);
    expect(html).toMatch(/data-testid="analytics-steps"[\s\S]*Step 1[\s\S]*Step 3/);
    expect(html).toMatch(/data-testid="analytics-mailboxes"[\s\S]*ann@acme\.test/);
    expect(html).toContain('href="/analytics.csv?campaign=');
    expect(html).not.toContain('Secret campaign');
  });

  it('shows a link’s bad range or campaign left out, saying which and why, instead of an error page', async () => {
    const backwards = await get(`/analytics?campaign=${campaignId}&from=2026-03-05&to=2026-03-01`);
    expect(backwards.status).toBe(200);
    const html = await backwards.text();
    expect(html).toContain('Not understood in this link, so left out: dates. The end date is before the start date.');
    // The campaign the link named still applies; the range is the default 30 days, shown in the form.
    expect(html).toMatch(/Days run midnight to midnight in Europe\/Berlin, the campaign(&#x27;|')s time zone/);
    expect(html).not.toContain('value="2026-03-05"');
    const notACampaign = await get(`/analytics?campaign=${'x'.repeat(5_000)}&from=2026-03-01&to=2026-03-07`);
    expect(notACampaign.status).toBe(200);
    const page = await notACampaign.text();
    expect(page).toContain('Not understood in this link, so left out: campaign. That is not a campaign id.');
    expect(page.match(/class="bar-sent"/g)?.length).toBe(7);
    // Not echoed back in the note or the form, which shows the filters the page used.
    expect(page).not.toMatch(/(value="|left out: campaign[^<]*)x{100}/);
  });

  it("answers 404 for another workspace's campaign", async () => {
    expect((await get(`/analytics?campaign=${otherCampaignId}`)).status).toBe(404);
  });
});

describe('analytics CSV', () => {
  it('exports each day × step × mailbox with counts and rates, never as a formula', async () => {
    const response = await get(`/analytics.csv?campaign=${campaignId}&from=2026-03-01&to=2026-03-07`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="switchboard-analytics-campaign-detail-2026-03-01-to-2026-03-07-/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'day,campaign,campaign id,step,step id,mailbox,sent,delivered,bounced (hard),complained,replied,unsubscribed,delivery rate,bounce rate,complaint rate,reply rate,unsubscribe rate',
    );
    expect(lines.slice(1)).toEqual([
      `2026-03-02,'=cmd|' /C calc'!A0,${campaignId},1,first,ann@acme.test,2,1,1,0,0,0,0.5000,0.5000,0.0000,0.0000,0.0000`,
      `2026-03-04,'=cmd|' /C calc'!A0,${campaignId},3,second,ann@acme.test,1,1,0,0,0,0,1.0000,0.0000,0.0000,0.0000,0.0000`,
    ]);
  });

  it('groups by day, every day of the range', async () => {
    const lines = (await (await get('/analytics.csv?from=2026-03-01&to=2026-03-03&group=day')).text()).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'day,sent,delivered,bounced (hard),complained,replied,unsubscribed,delivery rate,bounce rate,complaint rate,reply rate,unsubscribe rate',
      '2026-03-01,0,0,0,0,0,0,,,,,',
      '2026-03-02,2,1,1,0,0,0,0.5000,0.5000,0.0000,0.0000,0.0000',
      '2026-03-03,0,0,0,0,0,0,,,,,',
    ]);
  });

  it('refuses a bad range or grouping with a plain 4xx, and hides other workspaces', async () => {
    const tooLong = await get('/analytics.csv?from=2026-01-01&to=2026-12-31');
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toBe('Choose at most 92 days.');
    const badGroup = await get('/analytics.csv?group=week');
    expect(badGroup.status).toBe(400);
    expect(await badGroup.text()).toContain('Group by one of detail, day, campaign, step, mailbox.');
    expect((await get(`/analytics.csv?campaign=${otherCampaignId}`)).status).toBe(404);
  });
});
