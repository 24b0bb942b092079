import { getCampaign, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestMember } from '../../../tests/accounts.ts';
import { outreachCampaign } from '../../../tests/outreach-campaign.ts';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

let workspace: RolesWebWorkspace;
let sql: Sql;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];
let campaignId: string;
let withPhone: string[];

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('call-board-page-test', {
    workspaceName: 'Calls',
    emails: { admin: 'ada@calls.test', operator: 'otto@calls.test', viewer: 'vera@calls.test' },
  });
  ({ sql, web, members } = workspace);
  // Three approved leads: two with a phone number, one without.
  const campaign = await outreachCampaign(sql, members.admin, 'Austin plumbers calls');
  campaignId = campaign.campaignId;
  withPhone = campaign.approvedWithEmail;
  for (const [index, leadId] of withPhone.entries()) await sql`update leads set phone = ${`+1512555010${index}`} where id = ${leadId}`;
});

afterAll(() => workspace.close());

const board = () => `/calls?campaign=${campaignId}`;
const get = (path: string, member: TestMember) => fetch(`${web.base}${path}`, { headers: { cookie: member.cookie } });
/** A plain form post to the board (an index route: `?index`), as a browser without JavaScript sends it. */
const post = (member: TestMember, fields: [string, string][], search = `campaign=${campaignId}`) =>
  fetch(`${web.base}/calls?index&${search}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: member.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.base },
    body: new URLSearchParams(fields),
  });
const callsOf = () => sql<{ id: string; status: string }[]>`select id, status from calls where campaign_id = ${campaignId} order by created_at, id`;

describe('call board page', () => {
  it('shows a viewer the workspace board and a campaign’s, with no button or form that changes anything, and refuses the viewer’s posts', async () => {
    const workspaceBoard = await get('/calls', members.viewer);
    expect(workspaceBoard.status).toBe(200);
    const overview = await workspaceBoard.text();
    expect(overview).toContain('<h1>Calls');
    expect(overview).toContain('No call is live right now.');
    expect(overview).toContain('No alert is set.');
    expect(overview).not.toContain('name="thresholdUsd"');

    const html = await (await get(board(), members.viewer)).text();
    expect(html).toContain('Calls · Austin plumbers calls');
    expect(html).toContain('Nothing is queued.');
    expect(html).toContain('Attempts per lead</dt><dd>3</dd>');
    for (const control of ['Queue calls', 'Pause campaign', 'Activate campaign', 'Save call settings', 'value="cancel"']) expect(html).not.toContain(control);

    expect((await post(members.viewer, [['intent', 'queue'], ['campaignId', campaignId], ['confirm', 'yes']])).status).toBe(403);
    expect(await callsOf()).toEqual([]);
  });

  it('refuses every action to a viewer and to no one signed in, each intent, changing nothing', async () => {
    const probe = await outreachCampaign(sql, members.admin, 'Viewer probe calls');
    await sql`update leads set phone = '+15125550199' where id = ${probe.approvedWithEmail[0]!}`;
    const search = `campaign=${probe.campaignId}`;
    expect((await post(members.operator, [['intent', 'queue'], ['campaignId', probe.campaignId], ['confirm', 'yes']], search)).status).toBe(200);
    const [queued] = await sql<{ id: string }[]>`select id from calls where campaign_id = ${probe.campaignId}`;
    const state = async () => ({
      calls: await sql`select id, status from calls where campaign_id = ${probe.campaignId}`,
      campaign: await sql`select status, call_assistant_id, call_max_attempts, call_budget_usd, call_window from campaigns where id = ${probe.campaignId}`,
      alert: await sql`select call_daily_spend_alert_usd from workspaces where id = ${members.admin.workspaceId}`,
    });
    const before = await state();
    const intents: [string, string][][] = [
      [['intent', 'queue'], ['confirm', 'yes']],
      [['intent', 'settings'], ['assistantId', 'taken-over'], ['maxAttempts', '9'], ['spacingMinutes', '1'], ['days', 'sun'], ['startHour', '0'], ['endHour', '24'], ['budgetUsd', '1000000']],
      [['intent', 'pause']],
      [['intent', 'activate']],
      [['intent', 'cancel'], ['callId', queued!.id]],
      [['intent', 'spend-alert'], ['thresholdUsd', '1']],
    ];
    const anonymous = { ...members.viewer, cookie: '' };
    for (const fields of intents) {
      const viewerAnswer = await post(members.viewer, [...fields, ['campaignId', probe.campaignId]], search);
      expect({ intent: fields[0]![1], status: viewerAnswer.status }).toEqual({ intent: fields[0]![1], status: 403 });
      const anonymousAnswer = await post(anonymous, [...fields, ['campaignId', probe.campaignId]], search);
      expect({ intent: fields[0]![1], status: anonymousAnswer.status, to: anonymousAnswer.headers.get('location')?.split('?')[0] }).toEqual({ intent: fields[0]![1], status: 302, to: '/sign-in' });
    }
    // An operator's own session, from another site's page: refused before any action runs.
    for (const fields of intents) {
      const crossSite = await fetch(`${web.base}/calls?index&${search}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: members.operator.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: new URLSearchParams([...fields, ['campaignId', probe.campaignId]]),
      });
      expect({ intent: fields[0]![1], status: crossSite.status }).toEqual({ intent: fields[0]![1], status: 403 });
    }
    expect(await state()).toEqual(before);
  });

  it('says how many leads queuing will call, refuses it unconfirmed, queues with the confirmation, and lists the queued calls with links to their pages', async () => {
    const confirmation = await (await get(`${board()}&confirm=queue`, members.operator)).text();
    expect(confirmation).toContain('Queue calls to 2 approved leads of “Austin plumbers calls”?');
    expect(confirmation).toContain('the calls wait in the queue until you activate it');
    // Voice here is neither sandbox nor live: the no-assistant warning and the cost stand.
    expect(confirmation).toContain('No Vapi assistant is set');
    expect(confirmation).toContain('Each placed call costs money.');
    expect(confirmation).toContain('Without one, its calls fail instead of being placed.');
    expect(confirmation).toContain('Queue 2 calls</button>');

    const unconfirmed = await post(members.operator, [['intent', 'queue'], ['campaignId', campaignId]]);
    expect(unconfirmed.status).toBe(200);
    expect(await unconfirmed.text()).toContain('Confirm queuing the calls');
    expect(await callsOf()).toEqual([]);

    const queued = await post(members.operator, [['intent', 'queue'], ['campaignId', campaignId], ['confirm', 'yes']]);
    expect(queued.status).toBe(200);
    expect(await queued.text()).toContain('Queued 2 calls. They wait until the campaign is active.');
    const calls = await callsOf();
    expect(calls.map((call) => call.status)).toEqual(['queued', 'queued']);

    const html = await (await get(board(), members.operator)).text();
    expect(html).toContain('2 queued calls wait until the campaign is active.'.replace(' until', '<!-- --> until'));
    expect(html).toMatch(/data-testid="queue-depth"><dt>Queued<\/dt><dd>2<\/dd>/);
    for (const call of calls) expect(html).toContain(`href="/calls/${call.id}"`);
    // "Not before" on the UTC clock, saying so (the server renders it; the viewer's own zone is unknown there).
    for (const call of calls) expect(html).toMatch(new RegExp(`data-testid="call-${call.id}">(?:(?!</tr>).)*?<td>[A-Z][a-z]{2} \\d{1,2}, \\d{4}, \\d{1,2}:\\d{2}:\\d{2} [AP]M UTC</td>`));
    // Everyone is queued: the confirmation says there is nothing more to queue instead of offering it.
    const nothing = await (await get(`${board()}&confirm=queue`, members.operator)).text();
    expect(nothing).toContain('Nothing to queue for “Austin plumbers calls”');
    expect(nothing).toMatch(/data-testid="queue-nothing-reasons"><li>2 leads have a call queued or in progress in this campaign\.<\/li>/);
    expect(nothing).not.toContain('already has a call');
    expect(nothing).not.toContain('name="confirm" value="yes"');
  });

  it('shows the settings form’s field errors and keeps what was typed, then saves valid settings', async () => {
    const refused = await post(members.operator, [
      ['intent', 'settings'],
      ['campaignId', campaignId],
      ['assistantId', 'asst-typed'],
      ['maxAttempts', '0'],
      ['spacingMinutes', '30'],
      ['startHour', '9'],
      ['endHour', '17'],
      ['budgetUsd', '-3'],
    ]);
    expect(refused.status).toBe(200);
    const html = await refused.text();
    expect(html).toContain('At least 1 attempt.');
    expect(html).toContain('An amount cannot be negative.');
    expect(html).toMatch(/id="call-days-error">[^<]*Pick at least one day/);
    expect(html).toContain('value="asst-typed"');

    const saved = await post(members.operator, [
      ['intent', 'settings'],
      ['campaignId', campaignId],
      ['assistantId', 'asst-1'],
      ['maxAttempts', '2'],
      ['spacingMinutes', '30'],
      ['days', 'sat'],
      ['days', 'mon'],
      ['startHour', '8'],
      ['endHour', '20'],
      ['budgetUsd', '12.5'],
    ]);
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Call settings saved.');
    const [row] = await sql<{ assistantId: string; maxAttempts: number; spacing: number; window: unknown; budget: string }[]>`
      select call_assistant_id as "assistantId", call_max_attempts as "maxAttempts", call_retry_spacing_minutes as spacing, call_window as window, call_budget_usd::text as budget
      from campaigns where id = ${campaignId}`;
    expect(row).toEqual({ assistantId: 'asst-1', maxAttempts: 2, spacing: 30, window: { days: ['mon', 'sat'], startHour: 8, endHour: 20 }, budget: '12.50' });
    const page = await (await get(board(), members.operator)).text();
    expect(page).toContain('name="days" checked="" value="sat"');
    expect(page).not.toContain('name="days" checked="" value="tue"');
  });

  it('activates and pauses the campaign from the board, the activation asked first', async () => {
    const asked = await (await get(`${board()}&confirm=activate`, members.operator)).text();
    expect(asked).toContain('Activate “Austin plumbers calls”?');
    expect(asked).toContain('2 queued calls are then placed under the concurrency cap');
    expect((await post(members.operator, [['intent', 'activate'], ['campaignId', campaignId]])).status).toBe(302);
    expect((await getCampaign(sql, members.admin.workspaceId, campaignId))?.status).toBe('active');
    expect(await (await get(board(), members.operator)).text()).toContain('Pause campaign');

    const paused = await post(members.operator, [['intent', 'pause'], ['campaignId', campaignId]]);
    expect(paused.status).toBe(302);
    expect(paused.headers.get('location')).toBe(board());
    expect((await getCampaign(sql, members.admin.workspaceId, campaignId))?.status).toBe('paused');
    expect(await (await get(board(), members.operator)).text()).toContain('Resume campaign</a>');
  });

  it('offers no queuing for a completed campaign, which never places a call again', async () => {
    const finished = await outreachCampaign(sql, members.admin, 'Finished calls');
    await sql`update campaigns set status = 'completed' where id = ${finished.campaignId}`;
    const html = await (await get(`/calls?campaign=${finished.campaignId}&confirm=queue`, members.operator)).text();
    expect(html).toContain('Calls · Finished calls');
    expect(html).toContain('Save call settings');
    expect(html).not.toContain('Queue calls</a>');
    expect(html).not.toContain('name="confirm" value="yes"');
  });

  it('cancels a queued call, and refuses to cancel one that is no longer queued', async () => {
    const [first, second] = await callsOf();
    expect((await post(members.operator, [['intent', 'cancel'], ['callId', first!.id]])).status).toBe(302);
    expect((await callsOf()).find((call) => call.id === first!.id)?.status).toBe('canceled');
    const again = await post(members.operator, [['intent', 'cancel'], ['callId', first!.id]]);
    expect(again.status).toBe(200);
    // The other call is live and ends costing past the budget: the board shows both, and says the (paused) campaign's budget is reached.
    const startedAt = new Date(Date.now() - 65_000);
    await sql`update calls set status = 'in_progress', dialing_at = ${startedAt}, answered_at = ${startedAt} where id = ${second!.id}`;
    const live = await (await get(board(), members.viewer)).text();
    expect(live).toMatch(new RegExp(`data-testid="call-${second!.id}"><td><a [^>]*href="/calls/${second!.id}">[^<]+</a></td><td><span class="pill pill-good">In progress</span></td><td class="number wide-only">1</td><td class="number">1:0[5-9]</td>`));
    expect(live).toMatch(/data-testid="slots"><dt>Slots in use<\/dt><dd>1 \/ \d+<\/dd>/);
    await sql`update calls set status = 'completed', ended_at = now(), duration_s = 65, cost_usd = 13 where id = ${second!.id}`;
    const ended = await (await get(board(), members.viewer)).text();
    expect(ended).toContain('Campaign paused: its call budget of $12.50 is reached ($13.00 spent). Raise the call budget, then resume it.');
    expect(ended).toMatch(new RegExp(`data-testid="call-${second!.id}">.*?Completed.*?<td class="number">1:05</td><td class="number">\\$13.00</td><td class="wide-only">\\d{1,2}:\\d{2}:\\d{2} [AP]M UTC</td>`));
    expect(ended).toContain('$13.00 of $12.50');
    const campaignPage = await (await get(`/campaigns/${campaignId}`, members.viewer)).text();
    expect(campaignPage).toMatch(/data-testid="call-budget-notice">Campaign paused: its call budget of \$12.50 is reached \(\$13.00 spent\)\. Raise the call budget, then resume it\./);
    const overview = await (await get('/calls', members.viewer)).text();
    expect(overview).toMatch(/data-testid="spent-today"><dt>Spent today \(UTC\)<\/dt><dd>\$13.00<\/dd>/);
    // The canceled call ended today too (costing nothing).
    expect(overview).toContain(`href="/calls?campaign=${campaignId}">Austin plumbers calls</a></td><td class="number">2</td><td class="number">$13.00</td>`.replace('href', 'data-discover="true" href'));
  });

  it('says a $0 call budget holds the calls: on the board, in the queue and activate confirmations, in the queued notice and on the campaign page', async () => {
    const held = await outreachCampaign(sql, members.admin, 'Zero budget calls');
    await sql`update leads set phone = '+15125550188' where id = ${held.approvedWithEmail[0]!}`;
    await sql`update campaigns set call_budget_usd = 0 where id = ${held.campaignId}`;
    const search = `campaign=${held.campaignId}`;
    // As React writes the apostrophe of "campaign's".
    const escaped = 'No calls are placed: the campaign&#x27;s call budget is $0. Its queued calls wait until you raise the budget (or clear it for none).';
    expect(await (await get(`/calls?${search}`, members.viewer)).text()).toContain(`data-testid="budget-reached">${escaped}`);
    // Activating is not refused: $0 holds the calls only.
    expect((await post(members.operator, [['intent', 'activate'], ['campaignId', held.campaignId]], search)).status).toBe(302);
    expect(await (await get(`/calls?${search}&confirm=queue`, members.operator)).text()).toContain('Its call budget lets no call be placed now: the calls wait in the queue until you raise it.');
    const queued = await post(members.operator, [['intent', 'queue'], ['campaignId', held.campaignId], ['confirm', 'yes']], search);
    expect(await queued.text()).toContain('Queued 1 call. They wait until its call budget is raised: it lets no call be placed now.');
    expect((await post(members.operator, [['intent', 'pause'], ['campaignId', held.campaignId]], search)).status).toBe(302);
    expect(await (await get(`/calls?${search}&confirm=activate`, members.operator)).text()).toContain('Its outreach runs again; its call budget lets no call be placed, so 1 queued call waits until you raise it.');
    expect(await (await get(`/campaigns/${held.campaignId}`, members.viewer)).text()).toContain(`data-testid="call-budget-notice">${escaped}`);
  });

  it('lets only an admin set the daily spend alert, with a bad amount refused in words', async () => {
    expect((await post(members.operator, [['intent', 'spend-alert'], ['thresholdUsd', '50']], '')).status).toBe(403);
    const refused = await post(members.admin, [['intent', 'spend-alert'], ['thresholdUsd', '-1']], '');
    expect(refused.status).toBe(200);
    expect(await refused.text()).toMatch(/id="spend-alert-error">An amount cannot be negative\./);
    expect((await post(members.admin, [['intent', 'spend-alert'], ['thresholdUsd', '50']], '')).status).toBe(302);
    const [row] = await sql<{ threshold: string }[]>`select call_daily_spend_alert_usd::text as threshold from workspaces where id = ${members.admin.workspaceId}`;
    expect(row?.threshold).toBe('50.00');
    const adminPage = await (await get('/calls', members.admin)).text();
    expect(adminPage).toContain('name="thresholdUsd" type="number" min="0" step="0.01" inputMode="decimal" value="50"');
    expect(await (await get('/calls', members.viewer)).text()).toContain('Alert when a day’s calls cost more than $50.00.');
  });
});
