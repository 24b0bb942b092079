import { appendAudit, createCampaign, type Sql } from '@switchboard/db';
import { seedManyLeads } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';
import { everyRouteUrl, SOME_ID } from './route-urls.ts';

// A page's filters live in its URL: people edit it and keep old links. A filter the page cannot use is
// left out, with a note saying which, never an error page (downloads keep their plain 400).

const TARGET = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
// Every filter name a page reads, each with a value no page takes.
const JUNK_FILTERS = new URLSearchParams({
  campaign: 'nope',
  from: 'garbage',
  to: '2026-13-01',
  status: 'fine',
  after: 'garbage',
  before: 'garbage',
  q: 'ab',
  lead: 'nope',
  kind: 'nope',
  queue: 'nope',
  state: 'nope',
  confidence: 'nope',
  actor: 'a'.repeat(400),
  source: 'nope',
  sort: 'nope',
}).toString();

let workspace: RolesWebWorkspace;
let sql: Sql;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];
let campaignId: string;

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('link-filters-test', {
    workspaceName: 'Links',
    emails: { admin: 'ada@links.test', operator: 'otto@links.test', viewer: 'vera@links.test' },
  });
  ({ sql, web, members } = workspace);
  const workspaceId = members.admin.workspaceId;
  campaignId = (await createCampaign(sql, { workspaceId, name: 'Austin plumbers', timeZone: 'UTC', target: TARGET, createdBy: null })).id;
  // Leads 40–59 wait for review; leads 1–6 and 56–62 are in Austin, 7–13 in Denver.
  await seedManyLeads(sql, { workspaceId, count: 99, campaignIds: [campaignId] });
  await appendAudit(sql, { workspaceId, actorUserId: null, actorLabel: 'system', action: 'test.kept_entry' });
});

afterAll(() => workspace.close());

const get = (path: string) => fetch(`${web.base}${path}`, { redirect: 'manual', headers: { cookie: members.admin.cookie } });
const noteOf = (html: string) => /data-testid="ignored-filters">([^<]*)</.exec(html.replaceAll('<!-- -->', ''))?.[1] ?? null;

describe('a link with filters a page cannot use', () => {
  it('shows every page with the filters it could not use left out and named, never a 400 page', async () => {
    const filterPages = new Set(['/admin/audit', '/analytics', '/calls', `/campaigns/${campaignId}/outreach`, '/health', '/inbox', '/jobs', '/leads', '/leads/review', '/suppressions']);
    const problems: string[] = [];
    for (const url of (await everyRouteUrl()).map((url) => url.replace(`/campaigns/${SOME_ID}/outreach`, `/campaigns/${campaignId}/outreach`))) {
      // Downloads answer a bad filter with a plain 400 (before the file starts); a made-up id is a 404 before any filter.
      if (url === '/sign-out' || url === '/no-such-page' || /\.(csv|png)$/.test(url) || url.includes(SOME_ID)) continue;
      const response = await get(`${url}?${JUNK_FILTERS}`);
      const html = await response.text();
      if (response.status >= 400) problems.push(`${url}: ${response.status}`);
      if (filterPages.has(url) && !noteOf(html)?.startsWith('Not understood in this link, so left out: ')) problems.push(`${url}: no note naming what was left out`);
      if (noteOf(html)?.includes('a'.repeat(100))) problems.push(`${url}: the note echoes the link`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps the lead filters it can use, and counts a bulk confirmation with exactly those', async () => {
    const leads = await get('/leads?status=nope&city=Austin');
    expect(leads.status).toBe(200);
    const html = await leads.text();
    expect(noteOf(html)).toBe('Not understood in this link, so left out: status. That is not a lead status.');
    expect(html).toContain('<td>Austin</td>');
    expect(html).not.toContain('<td>Denver</td>');
    // Lead 4 has no campaign: the column says so, not "import".
    expect(html).toContain('<span class="muted" title="No campaign" data-testid="no-campaign"><span aria-hidden="true">—</span><span class="visually-hidden">No campaign</span></span>');
    expect(html).not.toContain('>import<');
    expect(html).toMatch(/<select id="leads-status" name="status">\s*<option value="" selected="">Any<\/option>/);

    const review = (await (await get(`/leads/review?confirm=approve&campaign=nope&city=Austin&after=${'z'.repeat(300)}`)).text()).replaceAll('<!-- -->', '');
    expect(noteOf(review)).toBe(
      'Not understood in this link, so left out: campaign and page link. That is not a campaign id. That page link is not valid any more; start from the first page.',
    );
    // Leads 56–59 wait for review in Austin; the confirmation posts the city, not the campaign it left out.
    expect(review).toContain('Approve 4 leads in Austin?');
    expect(review).toContain('<input type="hidden" name="city" value="Austin"/>');
    expect(review).not.toContain('name="campaign" value="nope"');
  });

  it('shows the audit log, jobs, suppressions, the call board and a campaign’s outreach without what they could not use', async () => {
    const audit = await (await get('/admin/audit?from=yesterday&action=test.kept_entry&before=12x')).text();
    expect(noteOf(audit)).toBe('Not understood in this link, so left out: dates and page link. Use a date like 2026-11-25. That page link is not valid; start from the first page.');
    expect(audit).toContain('test.kept_entry');
    expect(audit).toContain('value="test.kept_entry"');

    expect(noteOf(await (await get('/jobs?state=nope')).text())).toBe('Not understood in this link, so left out: state. State is one of created, retry, active, completed, cancelled, failed.');
    expect(noteOf(await (await get('/suppressions?source=manual&after=nope')).text())).toBe(
      'Not understood in this link, so left out: page link. The page cursor is not valid; go back to the first page.',
    );

    const calls = await get('/calls?campaign=nope');
    expect(calls.status).toBe(200);
    const board = await calls.text();
    expect(noteOf(board)).toBe('Not understood in this link, so left out: campaign. Choose a campaign.');
    expect(board).toContain('aria-label="Calls at a glance"');

    const outreach = await get(`/campaigns/${campaignId}/outreach?lead=nope`);
    expect(outreach.status).toBe(200);
    expect(noteOf(await outreach.text())).toBe('Not understood in this link, so left out: lead. That is not a lead id.');
  });

  it('says nothing when the link is understood', async () => {
    for (const path of ['/leads?city=Austin', '/leads/review', `/calls?campaign=${campaignId}`, '/jobs?state=failed', '/admin/audit?action=test']) {
      const response = await get(path);
      expect({ path, status: response.status, note: noteOf(await response.text()) }).toEqual({ path, status: 200, note: null });
    }
  });
});
