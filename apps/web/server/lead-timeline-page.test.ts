import { addLeadMessage, createCampaign, type Sql } from '@switchboard/db';
import { seedSentEmails } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

const TARGET = { queries: ['roofer'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
const MESSAGES = 25;
/** Longer than the timeline's preview: each message's end is shown only on its own page. */
const longText = (n: number) => `(${n}) ${'We would like a quote for the roof. '.repeat(20)}The end of message ${n}.`;

let workspace: RolesWebWorkspace;
let sql: Sql;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];
let leadId: string;
let otherLeadId: string;
let newestMessageId: string;

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('lead-timeline-page-test', {
    workspaceName: 'Timeline',
    emails: { admin: 'ada@timeline.test', operator: 'otto@timeline.test', viewer: 'vera@timeline.test' },
  });
  ({ sql, web, members } = workspace);
  const workspaceId = members.admin.workspaceId;
  const campaignId = (await createCampaign(sql, { workspaceId, name: 'Austin roofers', timeZone: 'UTC', target: TARGET, createdBy: null })).id;
  const { leadIds } = await seedSentEmails(sql, { workspaceId, campaignId, emails: [{ lead: 'Ace Roofing', sentAt: new Date('2026-11-30T09:00:00Z') }, { lead: 'Best Roofs', sentAt: null }] });
  [leadId, otherLeadId] = [leadIds.get('Ace Roofing')!, leadIds.get('Best Roofs')!];
  for (let n = 1; n <= MESSAGES; n += 1) {
    const message = await addLeadMessage(sql, {
      workspaceId, leadId, sendId: null, direction: 'inbound', kind: 'reply', fromAddress: 'ace-roofing@leads.test', subject: `Re: Your roof (${n})`,
      text: longText(n), receivedAt: new Date(Date.UTC(2026, 11, 1, 0, n)), providerEventId: `timeline-page-${n}`,
    });
    if (n === MESSAGES) newestMessageId = message!.id;
  }
});

afterAll(() => workspace.close());

const get = (path: string) => fetch(`${web.base}${path}`, { headers: { cookie: members.viewer.cookie } });
/** The page's HTML without React's text separators, to read its sentences whole. */
const textOf = async (response: Response) => (await response.text()).replaceAll('<!-- -->', '');

describe('a lead’s timeline with many messages', () => {
  it('shows the latest ones, says how many there are in all, and shows each message’s start with a link to the whole', async () => {
    const response = await get(`/leads/${leadId}`);
    expect(response.status).toBe(200);
    const html = await textOf(response);
    expect(html).toContain('Showing the latest 20 of 25 messages and the one email or contact form.');
    expect(html.match(/data-testid="timeline-message"/g)).toHaveLength(20);
    expect(html).toContain('Re: Your roof (25)');
    expect(html).not.toContain('Re: Your roof (5)');
    // The start of each message, not its end (in neither the HTML nor the page's data).
    expect(html).toContain('(25) We would like a quote');
    expect(html).not.toContain('The end of message 25.');
    expect(html).toMatch(new RegExp(`<a[^>]*href="/leads/${leadId}/messages/${newestMessageId}"[^>]*>Show all</a>`));
    // The older ones, page by page.
    expect(html).toMatch(new RegExp(`<a[^>]*href="/inbox\\?lead=${leadId}"[^>]*>All of this lead’s messages, page by page, in the Inbox</a>`));
  });

  it('shows one message in full on its own page, and no other lead’s message by it', async () => {
    const response = await get(`/leads/${leadId}/messages/${newestMessageId}`);
    expect(response.status).toBe(200);
    const html = await textOf(response);
    expect(html).toContain('The end of message 25.');
    expect(html).toMatch(new RegExp(`<a[^>]*href="/leads/${leadId}"[^>]*>Back to Ace Roofing</a>`));
    expect((await get(`/leads/${otherLeadId}/messages/${newestMessageId}`)).status).toBe(404);
  });
});
