import { deriveMasterKey } from '@switchboard/core/crypto';
import { createUnsubscribeToken, deriveUnsubscribeKey } from '@switchboard/core/suppression';
import { createSends, findSend, listAudit, setCampaignMailboxes, suppressedAddresses } from '@switchboard/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { outreachCampaign, outreachMailbox } from '../../../../../tests/outreach-campaign.ts';
import { unsubscribeByLink } from '../../suppressions/unsubscribe.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';
import { testContext } from '../../testing/context.ts';
import { createCaller } from '../../root.ts';

let workspace: TestWorkspace;
let admin: TestMember;
let outsider: TestMember;
const masterKey = deriveMasterKey('test-master-secret-for-switchboard-tests');

beforeAll(async () => {
  workspace = await openTestWorkspace('suppressions-api-test');
  admin = await createMember(workspace.sql, { email: 'ada@acme.test', role: 'admin', workspaceId: workspace.operator.workspaceId });
  outsider = await createMember(workspace.sql, { email: 'otto@globex.test', role: 'admin', workspaceName: 'Globex' });
});

afterAll(async () => {
  await workspace.close();
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

const actions = async (workspaceId: string) =>
  (await listAudit(workspace.sql, { workspaceId, limit: 100 })).filter((entry) => entry.action.startsWith('suppression.'));

describe('suppressions router', () => {
  it('lets an operator add an address or domain, once, audited once', async () => {
    const operator = callerAs(workspace.sql, workspace.operator, 'operator');
    const added = await operator.suppressions.add({ value: ' Jane@Acme.com ', reason: 'asked by phone' });
    expect(added).toMatchObject({ created: true, suppression: { kind: 'email', value: 'jane@acme.com', source: 'manual', reason: 'asked by phone' } });
    expect((await operator.suppressions.add({ value: 'jane@acme.com' })).created).toBe(false);
    await operator.suppressions.add({ value: '@Globex.com' });
    const audited = await actions(workspace.operator.workspaceId);
    expect(audited.map((entry) => [entry.action, entry.actorLabel, entry.summary.value])).toEqual([
      ['suppression.add', 'olive@acme.test', 'globex.com'],
      ['suppression.add', 'olive@acme.test', 'jane@acme.com'],
    ]);
    expect(await suppressedAddresses(workspace.sql, workspace.operator.workspaceId, ['jane@acme.com', 'x@globex.com', 'y@acme.com'])).toEqual(
      new Set(['jane@acme.com', 'x@globex.com']),
    );
  });

  it('refuses a value that is neither an address nor a domain with a message that says why', async () => {
    const operator = callerAs(workspace.sql, workspace.operator, 'operator');
    expect(await refusal(operator.suppressions.add({ value: 'jane at acme' }))).toEqual({ code: 'BAD_REQUEST', message: expect.stringMatching(/space/) });
    expect((await refusal(operator.suppressions.add({ value: '' }))).code).toBe('BAD_REQUEST');
    expect((await refusal(operator.suppressions.list({ cursor: 'nope' }))).code).toBe('BAD_REQUEST');
  });

  it('lets viewers see nothing, operators list and add, and only admins remove', async () => {
    const viewer = callerAs(workspace.sql, workspace.operator, 'viewer');
    expect((await refusal(viewer.suppressions.list({}))).code).toBe('FORBIDDEN');
    expect((await refusal(viewer.suppressions.add({ value: 'v@acme.com' }))).code).toBe('FORBIDDEN');
    const operator = callerAs(workspace.sql, workspace.operator, 'operator');
    const { suppression } = await operator.suppressions.add({ value: 'remove-me@acme.com' });
    expect((await refusal(operator.suppressions.remove({ id: suppression.id }))).code).toBe('FORBIDDEN');
    const adminCaller = callerAs(workspace.sql, admin, 'admin');
    expect(await adminCaller.suppressions.remove({ id: suppression.id })).toEqual({ removed: true, value: 'remove-me@acme.com' });
    const [removal] = await actions(workspace.operator.workspaceId);
    expect(removal).toMatchObject({ action: 'suppression.remove', actorLabel: 'ada@acme.test', targetId: suppression.id });
    expect((await refusal(adminCaller.suppressions.remove({ id: suppression.id }))).code).toBe('NOT_FOUND');
  });

  it("answers NOT_FOUND for another workspace's entry and never shows or removes it", async () => {
    const theirs = await callerAs(workspace.sql, outsider, 'admin').suppressions.add({ value: 'secret@initech.com' });
    const adminCaller = callerAs(workspace.sql, admin, 'admin');
    expect(await refusal(adminCaller.suppressions.remove({ id: theirs.suppression.id }))).toEqual({
      code: 'NOT_FOUND',
      message: 'That entry is not on this workspace’s suppression list.',
    });
    expect((await adminCaller.suppressions.list({ search: 'initech' })).entries).toEqual([]);
    // A cursor naming their entry pages nothing of theirs either.
    const page = await adminCaller.suppressions.list({ sort: 'value', cursor: theirs.suppression.id });
    expect(page.entries.every((entry) => entry.workspaceId === workspace.operator.workspaceId)).toBe(true);
    expect(await suppressedAddresses(workspace.sql, outsider.workspaceId, ['secret@initech.com'])).toEqual(new Set(['secret@initech.com']));
  });

  it('imports a CSV, reporting bad rows and what was already listed, in one audit entry', async () => {
    const operator = callerAs(workspace.sql, workspace.operator, 'operator');
    const result = await operator.suppressions.import({ csv: 'email,reason\njane@acme.com,\nnew@acme.com,old tool\nnope\nnew@acme.com,\n', fileName: 'list.csv' });
    expect(result).toMatchObject({ added: 1, alreadySuppressed: 1, duplicates: 1, rejectedCount: 1, rejected: [{ row: 4, value: 'nope' }] });
    const [entry] = await actions(workspace.operator.workspaceId);
    expect(entry).toMatchObject({ action: 'suppression.import', summary: { file: 'list.csv', added: 1, alreadySuppressed: 1, rejected: 1 } });
    expect((await refusal(operator.suppressions.import({ csv: '\n\n' }))).message).toMatch(/no addresses or domains/);
    expect((await refusal(callerAs(workspace.sql, workspace.operator, 'viewer').suppressions.import({ csv: 'a@b.com' }))).code).toBe('FORBIDDEN');
  });

  it('pages the export with the list filters', async () => {
    const operator = callerAs(workspace.sql, workspace.operator, 'operator');
    const first = await operator.suppressions.export({ sort: 'value', limit: 2 });
    expect(first.entries).toHaveLength(2);
    const second = await operator.suppressions.export({ sort: 'value', limit: 2, cursor: first.nextCursor! });
    expect(second.entries[0]!.value > first.entries[1]!.value).toBe(true);
    const { total } = await operator.suppressions.list({});
    expect(total).toEqual({ count: 3, exact: true });
  });
});

describe('unsubscribe links', () => {
  const key = deriveUnsubscribeKey(masterKey);

  it('read without changing anything, then unsubscribe once with one audit entry', async () => {
    const workspaceId = workspace.operator.workspaceId;
    const token = createUnsubscribeToken(key, { workspaceId, email: 'link@acme.com', sendId: '0190f2c4-0000-7000-8000-000000000001' });
    const anonymous = createCaller(testContext(workspace.sql, { masterKey }));
    expect(await anonymous.suppressions.unsubscribeLink({ token })).toEqual({ email: 'link@acme.com', workspaceName: 'Acme', unsubscribed: false });
    expect(await suppressedAddresses(workspace.sql, workspaceId, ['link@acme.com'])).toEqual(new Set());
    expect((await unsubscribeByLink(workspace.sql, masterKey, token, { ip: '203.0.113.9' })).changed).toBe(true);
    expect((await unsubscribeByLink(workspace.sql, masterKey, token, { ip: '203.0.113.9' })).changed).toBe(false);
    expect((await anonymous.suppressions.unsubscribeLink({ token })).unsubscribed).toBe(true);
    const entries = (await actions(workspaceId)).filter((entry) => entry.action === 'suppression.unsubscribe');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorLabel: 'recipient (unsubscribe link)', ip: '203.0.113.9', summary: { value: 'link@acme.com' } });
  });

  it('answer NOT_FOUND for a tampered token, a deleted workspace, or a server without a secret', async () => {
    const token = createUnsubscribeToken(key, { workspaceId: workspace.operator.workspaceId, email: 'x@acme.com' });
    const anonymous = createCaller(testContext(workspace.sql, { masterKey }));
    const tampered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    expect((await refusal(anonymous.suppressions.unsubscribeLink({ token: tampered }))).message).toMatch(/not valid/);
    const gone = createUnsubscribeToken(key, { workspaceId: '0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c8d', email: 'x@acme.com' });
    await expect(unsubscribeByLink(workspace.sql, masterKey, gone, { ip: null })).rejects.toThrow(/not valid/);
    expect((await refusal(createCaller(testContext(workspace.sql, { masterKey: null })).suppressions.unsubscribeLink({ token }))).code).toBe('NOT_FOUND');
  });
});

describe('suppression stops sequences', () => {
  it('stops at once the sequences written to an address added by hand or a domain imported, canceling their planned sends', async () => {
    const member = workspace.operator;
    const setup = await outreachCampaign(workspace.sql, member, 'Suppressed later', 4);
    const { campaignId } = setup;
    await setCampaignMailboxes(workspace.sql, member.workspaceId, campaignId, [await outreachMailbox(workspace.sql, member)]);
    await callerAs(workspace.sql, member, 'operator').outreach.start({ campaignId, confirm: true });
    const enrolments = async () =>
      workspace.sql<{ id: string; leadId: string; email: string; status: string; stopReason: string | null }[]>`
        select id, lead_id as "leadId", email, status, stop_reason as "stopReason" from enrolments where campaign_id = ${campaignId} order by email`;
    const [first, second] = await enrolments();
    const [planned] = await createSends(workspace.sql, [{
      workspaceId: member.workspaceId, campaignId, enrolmentId: first!.id, leadId: first!.leadId, stepId: 'first-email', stepPosition: 0, nextStepId: null,
      channel: 'email', toAddress: first!.email, idempotencyKey: `send:${first!.id}:first-email`, messageId: `<${first!.id}@switchboard.test>`, notBefore: new Date(),
    }]);

    const operator = callerAs(workspace.sql, member, 'operator');
    await operator.suppressions.add({ value: first!.email.toUpperCase() });
    expect((await enrolments()).map((row) => [row.email, row.status, row.stopReason])).toEqual([
      [first!.email, 'stopped', 'suppressed'],
      [second!.email, 'active', null],
      [expect.any(String), 'active', null],
    ]);
    expect(await findSend(workspace.sql, member.workspaceId, planned!.id)).toMatchObject({ status: 'canceled' });

    await operator.suppressions.import({ csv: `@${second!.email.split('@')[1]}\n` });
    expect((await enrolments()).map((row) => [row.status, row.stopReason])).toEqual([
      ['stopped', 'suppressed'],
      ['stopped', 'suppressed'],
      ['stopped', 'suppressed'],
    ]);
  });
});
