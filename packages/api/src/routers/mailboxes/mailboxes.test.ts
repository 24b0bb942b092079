import { createCampaign, listAudit, reserveMailboxSlot, saveProviderKey, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;
let admin: TestMember;
let viewer: TestMember;

beforeAll(async () => {
  acme = await openTestWorkspace('mailboxes-api-test');
  ({ sql, operator } = acme);
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceId: operator.workspaceId });
  viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: operator.workspaceId });
});

afterAll(() => acme.close());

const asAdmin = (overrides: Parameters<typeof callerAs>[3] = {}) => callerAs(sql, admin, 'admin', overrides);
const asOperator = () => callerAs(sql, operator, 'operator');
const asViewer = () => callerAs(sql, viewer, 'viewer');

let addresses = 0;
const newMailbox = (extra: object = {}) => {
  addresses += 1;
  return { fromName: 'Ann at Acme', fromAddress: `ann${addresses}@acme.test`, provider: 'resend' as const, postalAddress: '1 Main St, Austin TX', ...extra };
};
const settingsOf = (mailbox: Awaited<ReturnType<ReturnType<typeof asAdmin>['mailboxes']['create']>>) => ({
  id: mailbox.id,
  fromName: mailbox.fromName,
  fromAddress: mailbox.fromAddress,
  provider: mailbox.provider,
  limitPerMinute: mailbox.limitPerMinute,
  limitPerHour: mailbox.limitPerHour,
  limitPerDay: mailbox.limitPerDay,
  signature: mailbox.signature,
  postalAddress: mailbox.postalAddress,
  sendDays: mailbox.sendDays,
  sendStartMinute: mailbox.sendStartMinute,
  sendEndMinute: mailbox.sendEndMinute,
});

async function lastAudit(action: string) {
  const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action, limit: 1 });
  return entry;
}

describe('mailboxes', () => {
  it('creates a mailbox with the default limits and window, records it, and lists it with the last day’s sends', async () => {
    const created = await asAdmin().mailboxes.create(newMailbox({ fromAddress: 'Sales@Acme.test' }));
    expect(created).toMatchObject({ fromAddress: 'sales@acme.test', limitPerMinute: 1, limitPerHour: 5, limitPerDay: 20, sendDays: [1, 2, 3, 4, 5], sendStartMinute: 540, sendEndMinute: 1020, status: 'active' });
    expect(await lastAudit('mailbox.create')).toMatchObject({ actorLabel: 'ada@acme.test', targetId: created.id, summary: { fromAddress: 'sales@acme.test', limits: [1, 5, 20] } });
    await reserveMailboxSlot(sql, { workspaceId: operator.workspaceId, mailboxId: created.id, sendKey: 'api-test-1' });
    const listed = await asViewer().mailboxes.list();
    expect(listed.find((mailbox) => mailbox.id === created.id)).toMatchObject({ sentLastDay: 1, blockers: [] });
  });

  it('refuses a second mailbox with the same address in the workspace with CONFLICT', async () => {
    const input = newMailbox();
    await asAdmin().mailboxes.create(input);
    await expect(asAdmin().mailboxes.create({ ...input, fromAddress: input.fromAddress.toUpperCase() })).rejects.toMatchObject({ code: 'CONFLICT', message: `This workspace already has a mailbox for ${input.fromAddress}.` });
  });

  it('refuses a bad address, limits out of order, a window that ends before it starts and a NUL with BAD_REQUEST and the reason', async () => {
    await expect(asAdmin().mailboxes.create(newMailbox({ fromAddress: 'ann at acme' }))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Enter a valid email address') });
    await expect(asAdmin().mailboxes.create(newMailbox({ limitPerMinute: 10, limitPerHour: 5 }))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('limit per hour cannot be lower') });
    await expect(asAdmin().mailboxes.create(newMailbox({ limitPerDay: 0 }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(asAdmin().mailboxes.create(newMailbox({ sendStartMinute: 600, sendEndMinute: 600 }))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('must end after it starts') });
    await expect(asAdmin().mailboxes.create(newMailbox({ sendDays: [9] }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(asAdmin().mailboxes.create(newMailbox({ signature: 'Ann\u0000' }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const created = await asAdmin().mailboxes.create(newMailbox());
    await expect(asAdmin().mailboxes.update({ ...settingsOf(created), limitPerHour: 100 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('limit per day cannot be lower') });
  });

  it('updates the settings and records which changed, without the text of the signature', async () => {
    const created = await asAdmin().mailboxes.create(newMailbox());
    const updated = await asAdmin().mailboxes.update({ ...settingsOf(created), limitPerDay: 40, signature: 'Ann, Acme' });
    expect(updated).toMatchObject({ limitPerDay: 40, signature: 'Ann, Acme' });
    const entry = await lastAudit('mailbox.update');
    expect(entry?.summary).toEqual({ fromAddress: created.fromAddress, changed: ['limitPerDay', 'signature'], limits: [1, 5, 40] });
  });

  it('lets an operator pause with a reason, refuses resuming to them, and lets an admin resume', async () => {
    const created = await asAdmin().mailboxes.create(newMailbox());
    await expect(asOperator().mailboxes.pause({ id: created.id, reason: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Say why') });
    const paused = await asOperator().mailboxes.pause({ id: created.id, reason: 'Replies say it lands in spam' });
    expect(paused).toMatchObject({ status: 'paused', pausedReason: 'Replies say it lands in spam', blockers: ['Paused: Replies say it lands in spam'] });
    expect(await lastAudit('mailbox.pause')).toMatchObject({ actorLabel: 'olive@acme.test', summary: { from: 'active', to: 'paused', reason: 'Replies say it lands in spam' } });
    await expect(asOperator().mailboxes.pause({ id: created.id, reason: 'again' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'A mailbox that is paused cannot be paused.' });
    await expect(asOperator().mailboxes.resume({ id: created.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await asAdmin().mailboxes.resume({ id: created.id })).toMatchObject({ status: 'active', pausedReason: null, pausedAt: null });
    expect(await lastAudit('mailbox.resume')).toMatchObject({ actorLabel: 'ada@acme.test' });
  });

  it('keeps creating, changing and archiving to admins, and viewers read only', async () => {
    await expect(asOperator().mailboxes.create(newMailbox())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asViewer().mailboxes.create(newMailbox())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const created = await asAdmin().mailboxes.create(newMailbox());
    await expect(asOperator().mailboxes.update(settingsOf(created))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asOperator().mailboxes.archive({ id: created.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asViewer().mailboxes.pause({ id: created.id, reason: 'no' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await asViewer().mailboxes.get({ id: created.id })).toMatchObject({ id: created.id });
  });

  it('archives a mailbox out of the list and every rotation, and refuses to change it after', async () => {
    const target = { queries: ['plumber'], locations: [], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
    const campaign = await createCampaign(sql, { workspaceId: operator.workspaceId, name: 'Rotation', timeZone: 'UTC', target, createdBy: operator.userId });
    const first = await asAdmin().mailboxes.create(newMailbox());
    const second = await asAdmin().mailboxes.create(newMailbox());
    const rotation = await asOperator().mailboxes.setForCampaign({ campaignId: campaign.id, mailboxIds: [second.id, first.id] });
    expect(rotation.map((row) => row.mailboxId)).toEqual([second.id, first.id]);
    expect(await lastAudit('campaign.set_mailboxes')).toMatchObject({ targetId: campaign.id, summary: { mailboxes: [second.fromAddress, first.fromAddress] } });
    await expect(asOperator().mailboxes.setForCampaign({ campaignId: campaign.id, mailboxIds: [first.id, first.id] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    await asAdmin().mailboxes.archive({ id: second.id });
    expect(await lastAudit('mailbox.archive')).toMatchObject({ targetId: second.id });
    expect((await asViewer().mailboxes.forCampaign({ campaignId: campaign.id })).map((row) => row.mailboxId)).toEqual([first.id]);
    expect((await asViewer().mailboxes.list()).map((mailbox) => mailbox.id)).not.toContain(second.id);
    await expect(asAdmin().mailboxes.update(settingsOf(second))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'An archived mailbox cannot be changed.' });
    await expect(asAdmin().mailboxes.resume({ id: second.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(asOperator().mailboxes.setForCampaign({ campaignId: campaign.id, mailboxIds: [second.id] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('archived') });
  });

  it('says honestly how a mailbox’s email would go out: sandbox outbox, a key, or not configured', async () => {
    const resend = await asAdmin().mailboxes.create(newMailbox({ provider: 'resend' }));
    const noPostal = await asAdmin().mailboxes.create(newMailbox({ provider: 'smtp', postalAddress: null }));
    expect((await asViewer().mailboxes.get({ id: resend.id })).delivery).toEqual({ state: 'sandbox', message: 'sandbox: sends go to the local outbox' });
    expect((await asViewer().mailboxes.get({ id: noPostal.id })).blockers).toEqual(['Add a postal address: every email’s footer needs one']);
    // The server has only an SMTP URL: the Resend mailbox cannot send, the SMTP one can.
    const withSmtp = { envKeyKinds: ['smtp' as const] };
    expect((await asAdmin(withSmtp).mailboxes.get({ id: resend.id })).delivery.state).toBe('not_configured');
    expect((await asAdmin(withSmtp).mailboxes.get({ id: resend.id })).blockers).toEqual([expect.stringContaining('no Resend API key')]);
    expect((await asAdmin(withSmtp).mailboxes.get({ id: noPostal.id })).delivery.state).toBe('server_key');
    await saveProviderKey(sql, { workspaceId: operator.workspaceId, provider: 'resend', sealed: 'sealed-test-value', hint: 'set', updatedBy: admin.userId });
    expect((await asAdmin(withSmtp).mailboxes.get({ id: resend.id })).delivery.state).toBe('workspace_key');
  });

  it('answers NOT_FOUND for a mailbox id that does not exist', async () => {
    await expect(asViewer().mailboxes.get({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asViewer().mailboxes.get({ id: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('not a mailbox id') });
  });
});
