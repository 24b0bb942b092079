import { getMailbox, listMailboxes, listMailboxesToPoll, recordImapCheck, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestMember } from '../../../tests/accounts.ts';
import { openRolesWebWorkspace, type RolesWebWorkspace } from '../../../tests/roles-web-workspace.ts';

let workspace: RolesWebWorkspace;
let sql: Sql;
let web: RolesWebWorkspace['web'];
let members: RolesWebWorkspace['members'];

beforeAll(async () => {
  workspace = await openRolesWebWorkspace('mailboxes-page-test', {
    workspaceName: 'Mailboxes',
    emails: { admin: 'ada@mailboxes.test', operator: 'otto@mailboxes.test', viewer: 'vera@mailboxes.test' },
  });
  ({ sql, web, members } = workspace);
});

afterAll(() => workspace.close());

const get = (path: string, member: TestMember) => fetch(`${web.base}${path}`, { headers: { cookie: member.cookie } });
/** A plain form post, as a browser without JavaScript sends it. */
const post = (member: TestMember, fields: [string, string][]) =>
  fetch(`${web.base}/mailboxes`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: member.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.base },
    body: new URLSearchParams(fields),
  });

const NEW_MAILBOX: [string, string][] = [
  ['intent', 'create'],
  ['fromName', 'Ann at Acme'],
  ['fromAddress', 'ann@acme.test'],
  ['provider', 'resend'],
  ['limitPerMinute', '1'],
  ['limitPerHour', '5'],
  ['limitPerDay', '20'],
  ['sendDays', '1'],
  ['sendDays', '3'],
  ['sendDays', '5'],
  ['sendStart', '08:30'],
  ['sendEnd', '00:00'],
  ['signature', 'Ann'],
  ['postalAddress', ''],
];

describe('mailboxes page', () => {
  it('prefills the default limits and window for an admin, and shows a viewer no form', async () => {
    const html = await (await get('/mailboxes', members.admin)).text();
    expect(html).toContain('No mailboxes yet.');
    expect(html).toMatch(/name="limitPerMinute"[^>]*value="1"/);
    expect(html).toMatch(/name="limitPerDay"[^>]*value="20"/);
    expect(html).toMatch(/name="sendStart"[^>]*value="09:00"/);
    expect(html).toContain('Required before this mailbox can send');
    const viewerHtml = await (await get('/mailboxes', members.viewer)).text();
    expect(viewerHtml).toContain('An admin adds mailboxes; they appear here.');
    expect(viewerHtml).not.toContain('name="fromAddress"');
  });

  it('creates a mailbox from a plain form post and lists it with its window, usage and the sandbox, and what blocks it', async () => {
    const created = await post(members.admin, NEW_MAILBOX);
    expect(created.status).toBe(302);
    const [mailbox] = await listMailboxes(sql, members.admin.workspaceId);
    expect(mailbox).toMatchObject({ fromAddress: 'ann@acme.test', sendDays: [1, 3, 5], sendStartMinute: 510, sendEndMinute: 1440, postalAddress: null });
    const html = await (await get('/mailboxes', members.viewer)).text();
    expect(html).toContain('Mon, Wed, Fri, 08:30–24:00');
    expect(html).toContain('0 of 20');
    expect(html).toContain('sandbox: sends go to the local outbox');
    expect(html).toContain('Add a postal address');
    expect(html).not.toContain('?confirm=pause');
  });

  it('answers a bad form with 200 and the page pointing at the fields, and a viewer’s post with 403', async () => {
    const bad = await post(members.admin, NEW_MAILBOX.map(([name, value]): [string, string] => (name === 'fromAddress' ? [name, 'not-an-address'] : name === 'limitPerHour' ? [name, '50'] : [name, value])));
    expect(bad.status).toBe(200);
    const html = await bad.text();
    expect(html).toContain('Check the highlighted fields.');
    expect(html).toContain('Enter a valid email address');
    expect(html).toContain('The limit per day cannot be lower than the limit per hour.');
    expect((await post(members.viewer, NEW_MAILBOX)).status).toBe(403);
  });

  it('lets an operator pause after a confirmation that asks why, and shows the reason', async () => {
    const [mailbox] = await listMailboxes(sql, members.admin.workspaceId);
    const page = await (await get('/mailboxes', members.operator)).text();
    expect(page).toContain(`?confirm=pause&amp;id=${mailbox!.id}`);
    const confirmation = await (await get(`/mailboxes?confirm=pause&id=${mailbox!.id}`, members.operator)).text();
    expect(confirmation).toContain('Pause ann@acme.test?');
    expect(confirmation).toContain('name="reason"');
    expect((await post(members.operator, [['intent', 'pause'], ['id', mailbox!.id], ['reason', 'Bounces from the last batch']])).status).toBe(302);
    expect(await getMailbox(sql, members.admin.workspaceId, mailbox!.id)).toMatchObject({ status: 'paused', pausedReason: 'Bounces from the last batch' });
    const html = await (await get('/mailboxes', members.operator)).text();
    expect(html).toContain('Paused: Bounces from the last batch');
    // Resuming is an admin's decision: the operator has no button, and the admin does.
    expect(html).not.toContain('?confirm=resume');
    expect(await (await get('/mailboxes', members.admin)).text()).toContain(`?confirm=resume&amp;id=${mailbox!.id}`);
    expect((await post(members.operator, [['intent', 'resume'], ['id', mailbox!.id]])).status).toBe(403);
    expect((await post(members.admin, [['intent', 'resume'], ['id', mailbox!.id]])).status).toBe(302);
    expect((await getMailbox(sql, members.admin.workspaceId, mailbox!.id))?.status).toBe('active');
  });

  it('edits a mailbox with its settings in the form', async () => {
    const [mailbox] = await listMailboxes(sql, members.admin.workspaceId);
    const form = await (await get(`/mailboxes?edit=${mailbox!.id}`, members.admin)).text();
    expect(form).toContain('Edit ann@acme.test');
    expect(form).toMatch(/name="sendEnd"[^>]*value="00:00"/);
    const fields = NEW_MAILBOX.map(([name, value]): [string, string] => (name === 'intent' ? [name, 'update'] : name === 'postalAddress' ? [name, '1 Main St, Austin TX'] : [name, value]));
    expect((await post(members.admin, [...fields, ['id', mailbox!.id]])).status).toBe(302);
    expect(await getMailbox(sql, members.admin.workspaceId, mailbox!.id)).toMatchObject({ postalAddress: '1 Main St, Austin TX' });
  });

  it('saves IMAP settings from a plain form post, shows the password only as saved, and shows "reconnect needed" with its reason', async () => {
    const [mailbox] = await listMailboxes(sql, members.admin.workspaceId);
    const password = 'imap-page-secret-P4ss';
    const before = await (await get(`/mailboxes?edit=${mailbox!.id}`, members.admin)).text();
    expect(before).toContain('Replies over IMAP');
    expect(before).toContain('placeholder="Not set"');
    const imapForm: [string, string][] = [['intent', 'imap'], ['id', mailbox!.id], ['host', 'imap.acme.test'], ['port', '993'], ['tls', 'on'], ['username', 'ann@acme.test']];
    const missing = await post(members.admin, imapForm);
    expect(missing.status).toBe(200);
    expect(await missing.text()).toContain('Give the IMAP password.');
    expect((await post(members.operator, [...imapForm, ['password', password]])).status).toBe(403);
    const saved = await post(members.admin, [...imapForm, ['password', password]]);
    expect(saved.status).toBe(302);

    const edit = await (await get(`/mailboxes?edit=${mailbox!.id}`, members.admin)).text();
    expect(edit).toContain('Saved (leave empty to keep it)');
    expect(edit).toMatch(/name="host"[^>]*value="imap.acme.test"/);
    expect(edit).not.toContain(password);
    const list = await (await get('/mailboxes', members.viewer)).text();
    expect(list).toContain('Not checked yet');
    expect(list).toContain('ann@acme.test at imap.acme.test:993');
    expect(list).not.toContain(password);

    const polled = (await listMailboxesToPoll(sql, 10)).find((row) => row.id === mailbox!.id)!;
    await recordImapCheck(sql, polled, 'The IMAP server refused the username or password.');
    const failing = await (await get('/mailboxes', members.viewer)).text();
    expect(failing).toContain('Reconnect needed');
    expect(failing).toContain('The IMAP server refused the username or password.');

    // New credentials (password kept) clear it until the next poll.
    const newUsername = imapForm.map(([name, value]): [string, string] => (name === 'username' ? [name, 'sales@acme.test'] : [name, value]));
    expect((await post(members.admin, [...newUsername, ['password', '']])).status).toBe(302);
    expect(await getMailbox(sql, members.admin.workspaceId, mailbox!.id)).toMatchObject({ imapUsername: 'sales@acme.test', imapStatus: null, imapError: null });
    expect(await (await get('/mailboxes', members.viewer)).text()).not.toContain('Reconnect needed');
  });
});
