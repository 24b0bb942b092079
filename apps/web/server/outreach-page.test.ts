import { defaultSequence } from '@switchboard/core';
import { getCampaign, listCampaignMailboxes, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestMember } from '../../../tests/accounts.ts';
import { outreachCampaign, outreachMailbox, type OutreachCampaign } from '../../../tests/outreach-campaign.ts';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

let workspace: RolesWebWorkspace;
let sql: Sql;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];
let campaign: OutreachCampaign;
let mailboxId: string;

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('outreach-page-test', {
    workspaceName: 'Outreach',
    emails: { admin: 'ada@outreach.test', operator: 'otto@outreach.test', viewer: 'vera@outreach.test' },
  });
  ({ sql, web, members } = workspace);
  campaign = await outreachCampaign(sql, members.admin, 'Austin plumbers');
  mailboxId = await outreachMailbox(sql, members.admin);
});

afterAll(() => workspace.close());

const page = () => `/campaigns/${campaign.campaignId}/outreach`;
const get = (path: string, member: TestMember) => fetch(`${web.base}${path}`, { headers: { cookie: member.cookie } });
/** A plain form post, as a browser without JavaScript sends it. */
const post = (member: TestMember, fields: [string, string][], path = page()) =>
  fetch(`${web.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: member.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.base },
    body: new URLSearchParams(fields),
  });

/** The editor's fields for the default sequence, with `change` applied to each [name, value]. */
function sequenceFields(change: (name: string, value: string) => string = (_name, value) => value): [string, string][] {
  const fields: [string, string][] = [['intent', 'save-sequence']];
  defaultSequence().steps.forEach((step, index) => {
    const add = (field: string, value: string) => fields.push([`step.${index}.${field}`, change(`step.${index}.${field}`, value)]);
    add('id', step.id);
    add('type', step.type);
    if (step.type === 'email') {
      add('subject', step.subject);
      add('body', step.body);
      if (step.aiPersonalise) add('ai', 'on');
    } else if (step.type === 'wait') add('businessDays', String(step.businessDays));
    else add('json', JSON.stringify(step));
  });
  return fields;
}

describe('campaign outreach page', () => {
  it('shows a viewer the default sequence, the board and a preview, with no forms to change them', async () => {
    const response = await get(page(), members.viewer);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('The default sequence');
    expect(html).toContain('data-testid="outreach-board"');
    expect(html).toContain('data-testid="board-follow-up-2"');
    // Per step: what was planned, sent, delivered, bounced, and which leads answered or unsubscribed after it.
    expect(html).toMatch(/>Bounced<\/th><th scope="col" class="number">Replied<\/th><th scope="col" class="number">Unsubscribed<\/th>/);
    expect(html).toContain('Quick question for austin-plumbers business 0');
    expect(html).not.toContain('value="save-sequence"');
    expect(html).not.toContain('?confirm=start');
    expect((await post(members.viewer, sequenceFields())).status).toBe(403);
  });

  it('refuses a body without its footer with the problem shown at that step, and saves a changed wait', async () => {
    const broken = await post(members.operator, sequenceFields((name, value) => (name === 'step.3.body' ? 'Hi {{ contact.first_name }}, just checking in.' : value)));
    expect(broken.status).toBe(200);
    const html = await broken.text();
    expect(html).toContain('Step 4 (follow-up-1), body: Add the unsubscribe link');
    const step = html.slice(html.indexOf('data-testid="step-follow-up-1"'), html.indexOf('data-testid="step-wait-2"'));
    expect(step).toContain('Body: Add the unsubscribe link: {{ unsubscribe_url }}');
    expect(step).toContain('Hi {{ contact.first_name }}, just checking in.');

    const noWait = await post(members.operator, sequenceFields((name, value) => (name === 'step.1.businessDays' ? '0' : value)));
    expect(noWait.status).toBe(200);
    expect(await noWait.text()).toContain('Wait at least one business day');

    const saved = await post(members.operator, sequenceFields((name, value) => (name === 'step.1.businessDays' ? '5' : value)));
    expect(saved.status).toBe(302);
    const [row]: [{ sequence: { steps: { id: string; businessDays?: number }[] }; version: number }?] = await sql`select sequence, sequence_version as version from campaigns where id = ${campaign.campaignId}`;
    expect(row?.version).toBe(1);
    expect(row?.sequence.steps[1]).toMatchObject({ id: 'wait-1', businessDays: 5 });
  });

  it('refuses, on the page (200), a save edited from a version someone else saved over, keeping what was typed; saving again replaces theirs', async () => {
    const shared = await outreachCampaign(sql, members.admin, 'Austin shared');
    const path = `/campaigns/${shared.campaignId}/outreach`;
    expect(await (await get(path, members.operator)).text()).toContain('name="sequenceVersion" value="0"');
    // The admin saves first, from the same version 0.
    const first = await post(members.admin, [...sequenceFields((name, value) => (name === 'step.1.businessDays' ? '4' : value)), ['sequenceVersion', '0']], path);
    expect(first.status).toBe(302);

    const typed = 'Hi {{ lead.name }}, one more thought.\n{{ mailbox.postal_address }} {{ unsubscribe_url }}';
    const stale = await post(members.operator, [...sequenceFields((name, value) => (name === 'step.3.body' ? typed : value)), ['sequenceVersion', '0']], path);
    expect(stale.status).toBe(200);
    const html = await stale.text();
    expect(html).toContain('Someone else saved this sequence since you opened it: you edited version 0, it is now version 1. Your steps were not saved.');
    expect(html).toContain('“Save sequence” again replaces version 1 with them');
    expect(html).toContain('one more thought.');
    expect(html).toContain('name="sequenceVersion" value="1"');
    const [kept]: [{ version: number; sequence: { steps: { id: string; businessDays?: number }[] } }?] = await sql`select sequence, sequence_version as version from campaigns where id = ${shared.campaignId}`;
    expect(kept).toMatchObject({ version: 1 });
    expect(kept?.sequence.steps[1]).toMatchObject({ id: 'wait-1', businessDays: 4 });

    // Posted again from version 1 (what the refused form now carries), it replaces theirs knowingly.
    const again = await post(members.operator, [...sequenceFields((name, value) => (name === 'step.3.body' ? typed : value)), ['sequenceVersion', '1']], path);
    expect(again.status).toBe(302);
    const [saved]: [{ version: number }?] = await sql`select sequence_version as version from campaigns where id = ${shared.campaignId}`;
    expect(saved?.version).toBe(2);
  });

  it('chooses the campaign’s mailboxes with checkboxes', async () => {
    expect((await post(members.operator, [['intent', 'mailboxes'], ['mailboxIds', mailboxId]])).status).toBe(302);
    expect((await listCampaignMailboxes(sql, members.admin.workspaceId, campaign.campaignId)).map((entry) => entry.mailboxId)).toEqual([mailboxId]);
    const html = await (await get(page(), members.operator)).text();
    expect(html).toContain(`name="mailboxIds" checked="" value="${mailboxId}"`);
  });

  it('says what starting will do before it starts, refuses a start without the confirmation, and starts with it', async () => {
    const confirmation = await (await get(`${page()}?confirm=start`, members.operator)).text();
    expect(confirmation).toMatch(/Send 2 first emails from 1 mailbox over about [^.]+\./);
    // The default sequence's follow-ups are said too, as what may come, not as what starting sends.
    expect(confirmation.replace(/&#x27;|&#39;/g, "'")).toMatch(/Then at most 4 more emails \(up to 2 per lead\), after the sequence's waits and only while the lead has not replied, bounced or unsubscribed/);
    expect(confirmation).toContain('2 approved leads with an email address join the sequence (3 email steps).');
    expect(confirmation).toContain('1 approved lead has no email address and stays out.');
    expect(confirmation).toContain('The campaign becomes active.');
    expect(confirmation).toContain('name="confirm" value="yes"');

    const unconfirmed = await post(members.operator, [['intent', 'start']]);
    expect(unconfirmed.status).toBe(200);
    expect(await unconfirmed.text()).toContain('Confirm the start');
    const [before]: [{ count: number }?] = await sql`select count(*)::int as count from enrolments where campaign_id = ${campaign.campaignId}`;
    expect(before?.count).toBe(0);

    expect((await post(members.operator, [['intent', 'start'], ['confirm', 'yes']])).status).toBe(302);
    const [after]: [{ count: number }?] = await sql`select count(*)::int as count from enrolments where campaign_id = ${campaign.campaignId}`;
    expect(after?.count).toBe(2);
    expect((await getCampaign(sql, members.admin.workspaceId, campaign.campaignId))?.status).toBe('active');
    const board = await (await get(page(), members.viewer)).text();
    expect(board).toContain('2 active');
    // Started, nobody new: no start button, but how leads approved later join.
    const started = await (await get(page(), members.operator)).text();
    expect(started).not.toContain('Start outreach</a>');
    expect(started).toContain('Leads approved later join when you enrol them here.');
    // A lead that gains an address after the start is a newcomer: the button offers to enrol it.
    const [withoutEmail] = await sql<{ id: string }[]>`
      select l.id from leads l where l.campaign_id = ${campaign.campaignId} and l.status = 'approved'
        and not exists (select 1 from enrolments e where e.lead_id = l.id)`;
    await sql`insert into lead_contacts (workspace_id, lead_id, email) values (${members.admin.workspaceId}, ${withoutEmail!.id}, 'late@newcomer.example')`;
    expect(await (await get(page(), members.operator)).text()).toContain('Enrol 1 newly approved lead</a>');
    await sql`delete from lead_contacts where email = 'late@newcomer.example'`;

    // Nobody new to enrol: the confirmation says why instead of offering to start.
    const again = await (await get(`${page()}?confirm=start`, members.operator)).text();
    expect(again).toContain('cannot start yet');
    expect(again).toContain('Every approved lead with an email address is already in the sequence.');
    expect(again).not.toContain('name="confirm" value="yes"');
  });

  it('saves a call step and a branch on its outcome from the editor’s fields, and shows them in the editor and on the board', async () => {
    const callers = await outreachCampaign(sql, members.admin, 'Austin callers');
    const path = `/campaigns/${callers.campaignId}/outreach`;
    const first = defaultSequence().steps[0]!;
    if (first.type !== 'email') throw new Error('the default sequence starts with an email');
    const saved = await fetch(`${web.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: members.operator.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.base },
      body: new URLSearchParams([
        ['intent', 'save-sequence'],
        ['step.0.id', first.id], ['step.0.type', 'email'], ['step.0.subject', first.subject], ['step.0.body', first.body],
        ['step.1.id', 'ring'], ['step.1.type', 'call'], ['step.1.note', 'Ask for the owner'],
        ['step.2.id', 'if-answered'], ['step.2.type', 'branch'], ['step.2.on', 'call_answered'], ['step.2.then', 'stop'], ['step.2.otherwise', ''],
      ]),
    });
    expect(saved.status).toBe(302);
    const html = await (await get(path, members.operator)).text();
    expect(html).toContain('Ask for the owner</textarea>');
    expect(html).toMatch(/<option value="call_answered" selected="">answered the call<\/option>/);
    expect(html).toContain('data-testid="board-call-ring"');
    // The calls themselves are one link away, on the campaign's call board.
    expect(html).toContain(`href="/calls?campaign=${callers.campaignId}"`);
  });
});
