import type { RelationshipHealthStatus } from '@switchboard/core';
import { createCampaign, type Sql } from '@switchboard/db';
import { seedLeadHealth, seedSentEmails } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

const TARGET = { queries: ['roofer'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
const COMPUTED_AT = new Date('2026-11-30T15:04:05Z');
const SCORED: { lead: string; score: number; status: RelationshipHealthStatus; reasons: string[] }[] = [
  { lead: 'Ace Roofing', score: 12, status: 'critical', reasons: ['The last email bounced.'] },
  { lead: 'Best Roofs', score: 25, status: 'ghost', reasons: ['4 emails since the last reply, 20 days ago.'] },
  { lead: 'Cool <b>Roofs</b>', score: 78, status: 'healthy', reasons: ['Replied 2 days ago.'] },
];

let workspace: RolesWebWorkspace;
let sql: Sql;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];
let empty: TestMember;
const leads = new Map<string, string>();
let unscored: string;

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('health-page-test', {
    workspaceName: 'Health',
    emails: { admin: 'ada@health.test', operator: 'otto@health.test', viewer: 'vera@health.test' },
  });
  ({ sql, web, members } = workspace);
  const workspaceId = members.admin.workspaceId;
  const campaignId = (await createCampaign(sql, { workspaceId, name: 'Austin roofers', timeZone: 'UTC', target: TARGET, createdBy: null })).id;
  const { leadIds } = await seedSentEmails(sql, { workspaceId, campaignId, emails: [...SCORED.map(({ lead }) => ({ lead, sentAt: COMPUTED_AT })), { lead: 'Dim Roofing', sentAt: null }] });
  for (const { lead } of SCORED) leads.set(lead, leadIds.get(lead)!);
  unscored = leadIds.get('Dim Roofing')!;
  await seedLeadHealth(sql, { workspaceId, at: COMPUTED_AT, rows: SCORED.map(({ lead, ...health }) => ({ leadId: leads.get(lead)!, ...health })) });
  empty = await createMember(sql, { email: 'new@elsewhere.test', role: 'operator', workspaceName: 'Elsewhere' });
});

afterAll(() => workspace.close());

const get = (path: string, member: TestMember = members.viewer) => fetch(`${web.base}${path}`, { headers: { cookie: member.cookie } });
const refresh = (member: TestMember, path = '/health') =>
  fetch(`${web.base}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: member.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.base }, body: new URLSearchParams() });

describe('health page', () => {
  it('lists scored leads worst first on the server, with tiles, reasons, times in UTC and lead links, for every role', async () => {
    for (const member of [members.viewer, members.operator, members.admin]) {
      const response = await get('/health', member);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('data-testid="health-table"');
      expect(html).toMatch(new RegExp(`<a[^>]*href="/leads/${leads.get('Ace Roofing')}"[^>]*>Ace Roofing</a>`));
      expect(html).toContain('The last email bounced.');
      // A lead's name is text, never markup.
      expect(html).toContain('Cool &lt;b&gt;Roofs&lt;/b&gt;');
      expect(html).toContain('Last refreshed <time');
      // The lead's status in words, as the API names it (this page is outside the leads layout and its vocabulary).
      expect(html).toMatch(/<span class="[^"]*pill[^"]*">Discovered<\/span>/);
      expect(html).toContain('Nov 30, 2026, 3:04:05 PM UTC');
      expect(html).toMatch(/href="\/health\?status=at_risk"[^>]*><span class="health-tile-label">At risk<\/span><span class="health-tile-count">0<\/span>/);
      expect(html).toMatch(/href="\/health\?status=ghost"[^>]*><span class="health-tile-label">Ghosting<\/span><span class="health-tile-count">1<\/span>/);
      expect(html).toMatch(/href="\/health"[^>]*><span class="health-tile-label">All<\/span><span class="health-tile-count">3<\/span>/);
      expect(html.indexOf('Ace Roofing')).toBeLessThan(html.indexOf('Best Roofs'));
      expect(html.indexOf('Best Roofs')).toBeLessThan(html.indexOf('Cool &lt;b&gt;'));
      expect(html).not.toContain('Dim Roofing');
      // Only operators and admins may ask for a refresh.
      expect(html.includes('Refresh now')).toBe(member !== members.viewer);
    }
  });

  it('filters by status and pages from the URL', async () => {
    const ghost = await (await get('/health?status=ghost')).text();
    expect(ghost).toContain('Best Roofs');
    expect(ghost).not.toContain('Ace Roofing');
    expect(ghost).toMatch(/aria-current="page"[^>]*href="\/health\?status=ghost"|href="\/health\?status=ghost"[^>]*aria-current="page"/);
    const next = await (await get(`/health?after=${encodeURIComponent(`12.${leads.get('Ace Roofing')}`)}`)).text();
    expect(next).not.toContain('Ace Roofing</a>');
    expect(next).toContain('Best Roofs');
    expect(next).toContain('First page');
  });

  it.each([
    ['/health?status=fine', 'status. That is not a health status.'],
    ['/health?after=garbage', 'page link. That page link is not valid; start from the first page.'],
    ['/health?status=ghost&after=garbage', 'page link. That page link is not valid; start from the first page.'],
  ])('shows %s without what the link got wrong, saying which and why, with the tiles', async (path, message) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`Not understood in this link, so left out: ${message}`);
    expect(html).toContain('aria-label="Filter by health"');
    // The rows of what the link still says: every lead, or the ghosting ones.
    expect(html).toContain('Best Roofs</a>');
    expect(html.includes('Ace Roofing</a>')).toBe(!path.includes('status=ghost'));
    expect(html).not.toContain('First page');
  });

  it('shows an empty workspace what makes scores, without another workspace’s leads', async () => {
    const html = await (await get('/health', empty)).text();
    expect(html).toContain('No lead in outreach has a health score yet.');
    expect(html).toContain('href="/campaigns"');
    expect(html).toContain('Not refreshed yet.');
    expect(html).not.toContain('Ace Roofing');
  });

  it('queues a refresh from the form without JavaScript, says when one is already queued, and refuses a viewer', async () => {
    const first = await refresh(members.operator, '/health?status=ghost');
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/health?status=ghost&refresh=queued');
    const second = await refresh(members.admin);
    expect(second.headers.get('location')).toBe('/health?refresh=already');
    expect(await (await get('/health?refresh=queued', members.operator)).text()).toContain('Refresh queued');
    expect(await (await get('/health?refresh=already', members.operator)).text()).toContain('A refresh is already queued');
    const queued = (await web.boss.findJobs('health.refresh-workspace')).filter((job) => job.state === 'created');
    expect(queued.map((job) => job.data)).toEqual([{ workspaceId: members.admin.workspaceId }]);
    const refused = await refresh(members.viewer);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('This needs the operator role');
  });

  it('shows a scored lead’s relationship health on its page, and nothing for a lead not scored yet', async () => {
    const scored = await (await get(`/leads/${leads.get('Best Roofs')}`)).text();
    expect(scored).toContain('Relationship health');
    expect(scored).toContain('Ghosting');
    expect(scored).toContain('4 emails since the last reply, 20 days ago.');
    const fresh = await (await get(`/leads/${unscored}`)).text();
    expect(fresh).not.toContain('Relationship health');
  });
});
