import { addLeadMessage, createCampaign, type Sql } from '@switchboard/db';
import { seedSentEmails } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

const TARGET = { queries: ['roofer'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };

let workspace: RolesWebWorkspace;
let sql: Sql;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];
let empty: TestMember;
let campaignId: string;
let leadId: string;
let otherLeadId: string;

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('inbox-page-test', {
    workspaceName: 'Inbox',
    emails: { admin: 'ada@inbox.test', operator: 'otto@inbox.test', viewer: 'vera@inbox.test' },
  });
  ({ sql, web, members } = workspace);
  const workspaceId = members.admin.workspaceId;
  campaignId = (await createCampaign(sql, { workspaceId, name: 'Austin roofers', timeZone: 'UTC', target: TARGET, createdBy: null })).id;
  const { sendIds, leadIds } = await seedSentEmails(sql, { workspaceId, campaignId, emails: [{ lead: 'Ace Roofing', sentAt: new Date('2026-11-30T09:00:00Z') }, { lead: 'Best Roofs', sentAt: null }] });
  [leadId, otherLeadId] = [leadIds.get('Ace Roofing')!, leadIds.get('Best Roofs')!];
  const base = { workspaceId, direction: 'inbound' as const, providerEventId: '' };
  await addLeadMessage(sql, { ...base, leadId, sendId: sendIds[0]!, kind: 'reply', fromAddress: 'ace-roofing@leads.test', subject: 'Re: Your roof', text: 'Yes, <b>call me</b> on Tuesday.', receivedAt: new Date('2026-11-30T15:04:05Z'), providerEventId: 'page-1' });
  await addLeadMessage(sql, { ...base, leadId: otherLeadId, sendId: null, kind: 'out_of_office', fromAddress: 'away@roofers.example', subject: 'Out of office', text: 'Back on Monday.', receivedAt: new Date('2026-12-01T09:00:00Z'), providerEventId: 'page-2' });
  empty = await createMember(sql, { email: 'new@elsewhere.test', role: 'viewer', workspaceName: 'Elsewhere' });
});

afterAll(() => workspace.close());

const get = (path: string, member: TestMember = members.viewer) => fetch(`${web.base}${path}`, { headers: { cookie: member.cookie } });

describe('inbox page', () => {
  it('lists a reply on the server with its kind, time in UTC, lead link and campaign link, for every role', async () => {
    for (const member of [members.viewer, members.operator, members.admin]) {
      const response = await get('/inbox', member);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('data-testid="inbox-table"');
      expect(html).toMatch(new RegExp(`<a[^>]*href="/leads/${leadId}"[^>]*>Ace Roofing</a>`));
      expect(html).toContain(`href="/campaigns/${campaignId}/outreach"`);
      expect(html).toContain('Re: Your roof');
      // The message's text, escaped, never as markup.
      expect(html).toContain('Yes, &lt;b&gt;call me&lt;/b&gt; on Tuesday.');
      expect(html).toContain('Nov 30, 2026, 3:04:05 PM UTC');
      // Newest first: the out-of-office of Dec 1 stands above the reply.
      expect(html.indexOf('Out-of-office reply')).toBeLessThan(html.indexOf('Re: Your roof'));
    }
  });

  it('filters by kind and campaign from the URL', async () => {
    const ooo = await (await get('/inbox?kind=out_of_office')).text();
    expect(ooo).toContain('Out of office');
    expect(ooo).not.toContain('Re: Your roof');
    const byCampaign = await (await get(`/inbox?campaign=${campaignId}`)).text();
    expect(byCampaign).toContain('Re: Your roof');
    expect(byCampaign).not.toContain('away@roofers.example');
  });

  it('lists one lead’s messages from its timeline’s link, keeping the lead through the other filters', async () => {
    const html = (await (await get(`/inbox?lead=${leadId}`)).text()).replaceAll('<!-- -->', '');
    expect(html).toContain('Re: Your roof');
    expect(html).not.toContain('away@roofers.example');
    expect(html).toMatch(new RegExp(`Only the messages of <a[^>]*href="/leads/${leadId}"[^>]*>Ace Roofing</a>`));
    expect(html).toContain(`<input type="hidden" name="lead" value="${leadId}"/>`);
  });

  it('shows a search too short to run or a broken page link left out, saying which and why, with the other filters kept', async () => {
    const response = await get('/inbox?q=ab&kind=nope');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Not understood in this link, so left out: search. Type at least 3 characters to search.');
    expect(html).toContain('Re: Your roof');
    // The search box shows the search the page ran: none.
    expect(html).toMatch(/<input id="inbox-q" name="q"[^>]* value=""\/>/);
    const paged = (await (await get(`/inbox?lead=${leadId}&after=not-a-page`)).text()).replaceAll('<!-- -->', '');
    expect(paged).toContain('Not understood in this link, so left out: page link. That page link is not valid; start from the first page.');
    expect(paged).toContain(`<input type="hidden" name="lead" value="${leadId}"/>`);
    expect(paged).toContain('Re: Your roof');
    expect(paged).not.toContain('away@roofers.example');
  });

  it('shows an empty inbox what fills it, and that sandbox emails reach nobody and their answers are simulated, without another workspace’s replies', async () => {
    const html = await (await get('/inbox', empty)).text();
    expect(html).toContain('No replies yet.');
    expect(html).toContain('Replies over IMAP');
    expect(html).toContain('Email is in the sandbox');
    expect(html).toContain('A simulated recipient answers some of them');
    expect(html).not.toContain('Re: Your roof');
  });
});
