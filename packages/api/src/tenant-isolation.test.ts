import {
  createBoss,
  findJob,
  addAllowlistEntry,
  addLeadMessage,
  addSuppression,
  appendLeadImportChunk,
  beginLeadImportUpload,
  claimEmailDelivery,
  createApiToken,
  createCalls,
  createCampaign,
  createDiscoveryRun,
  createMailbox,
  createSends,
  createSql,
  findCall,
  findLeadImport,
  findMember,
  finishLeadImportUpload,
  getCampaign,
  getDiscoveryRun,
  getLead,
  getMailbox,
  insertOutboxEmail,
  listAllowlist,
  listApiTokens,
  listSuppressions,
  mergeLeadCandidates,
  storeSendScreenshot,
  transitionLeads,
  type Sql,
} from '@switchboard/db';
import { defaultSequence } from '@switchboard/core';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { appRouter, createCaller } from './root.ts';
import { testContext } from './testing/context.ts';

let database: TestDatabase;
let sql: Sql;
let adminA: TestMember;
let adminB: TestMember;
let operatorB: TestMember;
let entryB: string;
let outboxB: string;
let tokenB: string;
let campaignB: string;
let leadB: string;
let messageB: string;
let runB: string;
let importB: string;
let suppressionB: string;
let mailboxB: string;
let formSendB: string;
let callB: string;
let failedJobB: string;

/** Every procedure that takes an id, called by workspace A's admin with workspace B's ids. */
const ID_PROCEDURES: Record<string, () => unknown> = {
  'members.changeRole': () => ({ userId: operatorB.userId, role: 'viewer' }),
  'members.remove': () => ({ userId: operatorB.userId }),
  'allowlist.remove': () => ({ id: entryB }),
  'tokens.revoke': () => ({ id: tokenB }),
  'auth.switchWorkspace': () => ({ workspaceId: adminB.workspaceId }),
  'campaigns.get': () => ({ id: campaignB }),
  'campaigns.update': () => ({ id: campaignB, name: 'Taken over' }),
  'campaigns.setStatus': () => ({ id: campaignB, event: 'activate' }),
  'discovery.start': () => ({ campaignId: campaignB }),
  'discovery.pause': () => ({ runId: runB }),
  'discovery.resume': () => ({ runId: runB }),
  'discovery.progress': () => ({ runId: runB }),
  'discovery.runs': () => ({ campaignId: campaignB }),
  'leads.list': () => ({ campaignId: campaignB }),
  'leads.get': () => ({ id: leadB }),
  'leads.reviewQueue': () => ({ campaignId: campaignB }),
  'leads.exportPage': () => ({ campaignId: campaignB }),
  'leads.approve': () => ({ id: leadB }),
  'leads.reject': () => ({ id: leadB, reason: 'not_a_fit' }),
  'leads.reopen': () => ({ id: leadB }),
  'leads.markReplied': () => ({ id: leadB }),
  'leads.bulkPreview': () => ({ event: 'approve', target: { filter: { campaignId: campaignB } } }),
  'leads.bulkTransition': () => ({ event: 'approve', target: { filter: { campaignId: campaignB } } }),
  'outbox.revealLink': () => ({ id: outboxB }),
  'outbox.get': () => ({ id: outboxB }),
  'leads.timeline': () => ({ id: leadB }),
  'leads.message': () => ({ leadId: leadB, messageId: messageB }),
  'leads.importGet': () => ({ importId: importB }),
  'leads.importStart': () => ({ importId: importB, mapping: { name: 0, city: 1 } }),
  'leads.importRejections': () => ({ importId: importB }),
  'suppressions.remove': () => ({ id: suppressionB }),
  'mailboxes.get': () => ({ id: mailboxB }),
  'mailboxes.update': () => ({ id: mailboxB, ...MAILBOX_SETTINGS, fromName: 'Taken over' }),
  'mailboxes.pause': () => ({ id: mailboxB, reason: 'Taken over' }),
  'mailboxes.resume': () => ({ id: mailboxB }),
  'mailboxes.archive': () => ({ id: mailboxB }),
  'mailboxes.setImap': () => ({ id: mailboxB, host: 'imap.b.test', port: 993, tls: true, username: 'taken', password: 'taken-over' }),
  'mailboxes.clearImap': () => ({ id: mailboxB }),
  'mailboxes.forCampaign': () => ({ campaignId: campaignB }),
  'mailboxes.setForCampaign': () => ({ campaignId: campaignB, mailboxIds: [] }),
  'calls.queueForCampaign': () => ({ campaignId: campaignB, confirm: true }),
  'calls.board': () => ({ campaignId: campaignB }),
  'calls.get': () => ({ callId: callB }),
  'calls.cancel': () => ({ callId: callB }),
  'calls.updateSettings': () => ({ campaignId: campaignB, assistantId: 'taken-over', maxAttempts: 2, spacingMinutes: 10 }),
  'calls.spend': () => ({ campaignId: campaignB }),
  'calls.settings': () => ({ campaignId: campaignB }),
  'calls.queuePreview': () => ({ campaignId: campaignB }),
  'outreach.sequence': () => ({ campaignId: campaignB }),
  'outreach.saveSequence': () => ({ campaignId: campaignB, sequence: defaultSequence() }),
  'outreach.preview': () => ({ campaignId: campaignB }),
  'outreach.startPreview': () => ({ campaignId: campaignB }),
  'outreach.start': () => ({ campaignId: campaignB, confirm: true }),
  'outreach.board': () => ({ campaignId: campaignB }),
  'outreach.sendWindowWait': () => ({ campaignId: campaignB }),
  'analytics.report': () => ({ campaignId: campaignB }),
  'analytics.export': () => ({ campaignId: campaignB }),
  'inbox.list': () => ({ campaignId: campaignB }),
  'health.forLead': () => ({ leadId: leadB }),
  'outreach.leadFormSends': () => ({ leadId: leadB }),
  // A real contact form submission of B with its screenshot stored: not a made-up id that would be missing anyway.
  'outreach.formScreenshot': () => ({ sendId: formSendB }),
  'outreach.enrolledLeads': () => ({ campaignId: campaignB }),
  // B's failed import job, in pg-boss's own table: never retried from A.
  'jobs.retry': () => ({ queue: 'leads.import', id: failedJobB }),
  'jobs.get': () => ({ queue: 'leads.import', id: failedJobB }),
};

const MAILBOX_SETTINGS = {
  fromName: 'B sales',
  fromAddress: 'sales@b.test',
  provider: 'resend' as const,
  limitPerMinute: 1,
  limitPerHour: 5,
  limitPerDay: 20,
  signature: '',
  postalAddress: '1 B Street',
  sendDays: [1, 2, 3, 4, 5],
  sendStartMinute: 540,
  sendEndMinute: 1020,
};

// Procedures whose "id" fields name nothing stored, with why.
const IDS_OF_NO_STORED_ROW: Record<string, string> = {
  'outreach.lint': 'the step ids of the sequence being checked; it reads no stored data',
};

function inputKeys(procedure: unknown): string[] {
  const inputs = (procedure as { _def: { inputs: z.ZodType[] } })._def.inputs;
  return inputs.flatMap((schema) => schemaKeys(schema));
}

/** Every key of an input, nested ones too (`target.ids`, `target.filter.campaignId`), through unions, arrays and wrappers. */
function schemaKeys(schema: unknown): string[] {
  const node = schema as { shape?: Record<string, unknown>; _zod?: { def?: { options?: unknown[]; innerType?: unknown; element?: unknown; in?: unknown } } };
  const def = node._zod?.def;
  if (node.shape) return Object.entries(node.shape).flatMap(([key, value]) => [key, ...schemaKeys(value)]);
  if (def?.options) return def.options.flatMap((option) => schemaKeys(option));
  const inner = def?.innerType ?? def?.element ?? def?.in;
  return inner ? schemaKeys(inner) : [];
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'tenant-isolation-test' });
  adminA = await createMember(sql, { email: 'admin@a.test', role: 'admin', workspaceName: 'Workspace A' });
  adminB = await createMember(sql, { email: 'admin@b.test', role: 'admin', workspaceName: 'Workspace B' });
  operatorB = await createMember(sql, { email: 'operator@b.test', role: 'operator', workspaceId: adminB.workspaceId });
  tokenB = await createApiToken(sql, { tokenHash: 'b-token-hash', userId: adminB.userId, workspaceId: adminB.workspaceId, name: 'B script', role: 'viewer', expiresAt: null });
  suppressionB = (await addSuppression(sql, { workspaceId: adminB.workspaceId, kind: 'email', value: 'keep@b.test', source: 'unsubscribe' })).suppression.id;
  entryB = (await addAllowlistEntry(sql, { workspaceId: adminB.workspaceId, kind: 'domain', value: 'b.test', role: 'viewer', createdBy: null })).id;
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  campaignB = (await createCampaign(sql, { workspaceId: adminB.workspaceId, name: 'B campaign', timeZone: 'UTC', target, createdBy: adminB.userId })).id;
  runB = (
    await createDiscoveryRun(sql, {
      workspaceId: adminB.workspaceId,
      campaignId: campaignB,
      startedBy: adminB.userId,
      tasks: [{ kind: 'search', input: { query: 'plumber', location: 'Austin', page: 1 }, dedupeKey: 'plumber|austin|1' }],
    })
  ).run.id;
  const merged = await mergeLeadCandidates(sql, {
    workspaceId: adminB.workspaceId,
    campaignId: campaignB,
    candidates: [{ name: 'B Plumbing', city: 'Austin', country: 'US', source: { kind: 'search', ref: 'https://b-plumbing.example.com/', evidence: {} } }],
  });
  leadB = merged.leads[0]!.leadId;
  const message = await addLeadMessage(sql, {
    workspaceId: adminB.workspaceId, leadId: leadB, sendId: null, direction: 'inbound', kind: 'reply', fromAddress: 'owner@b-plumbing.example.com',
    subject: 'Re: B', text: 'Only for workspace B', receivedAt: new Date(), providerEventId: 'b-reply',
  });
  if (!message) throw new Error('message not stored');
  messageB = message.id;
  const delivery = await claimEmailDelivery(sql, { idempotencyKey: 'b-link', workspaceId: null, to: operatorB.email, subject: 'Link', provider: 'sandbox' });
  if (delivery.outcome !== 'claimed') throw new Error('delivery not claimed');
  outboxB = await insertOutboxEmail(sql, {
    deliveryId: delivery.deliveryId,
    workspaceId: null,
    recipientWorkspaceIds: [adminB.workspaceId],
    to: operatorB.email,
    subject: 'Link',
    bodyText: 'hidden',
    secretLink: 'https://switchboard.test/auth/link?token=b-secret-token-never-for-a',
  });
  const upload = await beginLeadImportUpload(sql, { workspaceId: adminB.workspaceId, actor: { userId: operatorB.userId, label: operatorB.email, ip: null }, fileName: 'b.csv', staleAfterMs: 60_000 });
  importB = upload!.id;
  await appendLeadImportChunk(sql, importB, 0, Buffer.from('Name,City\nB Bakery,Austin\n'));
  await finishLeadImportUpload(sql, importB);
  await transitionLeads(sql, { workspaceId: adminB.workspaceId, event: 'queue_for_review', target: { ids: [leadB] }, changedBy: null });
  mailboxB = (await createMailbox(sql, { ...MAILBOX_SETTINGS, workspaceId: adminB.workspaceId, createdBy: adminB.userId }))!.id;
  const [enrolmentB] = await sql<{ id: string }[]>`
    insert into enrolments (workspace_id, campaign_id, lead_id, email, step_id)
    values (${adminB.workspaceId}, ${campaignB}, ${leadB}, null, 'form') returning id`;
  const [formSend] = await createSends(sql, [
    {
      workspaceId: adminB.workspaceId, campaignId: campaignB, enrolmentId: enrolmentB!.id, leadId: leadB, stepId: 'form', stepPosition: 0, nextStepId: null,
      channel: 'form', toAddress: null, idempotencyKey: `send:${enrolmentB!.id}:form`, messageId: `<${enrolmentB!.id}@b.test>`, notBefore: new Date(),
    },
  ]);
  formSendB = formSend!.id;
  await storeSendScreenshot(sql, { workspaceId: adminB.workspaceId, sendId: formSendB, png: Buffer.from('89504e470d0a1a0a0000', 'hex') });
  const [call] = await createCalls(sql, [
    { workspaceId: adminB.workspaceId, campaignId: campaignB, leadId: leadB, toNumber: '+15125550100', phoneNumberId: 'pn-b', attempt: 1, attemptKey: `call:${campaignB}:${leadB}:1`, notBefore: new Date() },
  ]);
  callB = call!.id;
  const boss = createBoss(database.url, 'producer');
  await boss.start();
  await boss.createQueue('leads.import');
  failedJobB = (await boss.send('leads.import', { workspaceId: adminB.workspaceId, importId: importB }, { retryLimit: 0 }))!;
  await boss.fetch('leads.import');
  await boss.fail('leads.import', failedJobB, { error: 'b failed' });
  await boss.stop();
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('tenant isolation', () => {
  it('lists every procedure that takes an id', () => {
    const takingIds = Object.entries(appRouter._def.procedures)
      .filter(([path, procedure]) => !(path in IDS_OF_NO_STORED_ROW) && inputKeys(procedure).some((key) => /^ids?$|Ids?$/.test(key)))
      .map(([path]) => path);
    expect(takingIds.sort()).toEqual(Object.keys(ID_PROCEDURES).sort());
  });

  it.each(Object.keys(ID_PROCEDURES))("%s answers NOT_FOUND for another workspace's ids and changes nothing", async (path) => {
    const caller = createCaller(
      testContext(sql, {
        user: { id: adminA.userId, email: adminA.email, role: 'admin' },
        workspace: { id: adminA.workspaceId, name: 'Workspace A', slug: 'workspace-a' },
      }),
    );
    const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
    await expect(fn(ID_PROCEDURES[path]!())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await findMember(sql, adminB.workspaceId, operatorB.userId))?.role).toBe('operator');
    expect((await listAllowlist(sql, adminB.workspaceId)).map((entry) => entry.id)).toContain(entryB);
    expect((await listApiTokens(sql, adminB.workspaceId)).find((token) => token.id === tokenB)?.revokedAt).toBeNull();
    expect(await getCampaign(sql, adminB.workspaceId, campaignB)).toMatchObject({ name: 'B campaign', status: 'draft' });
    expect((await getDiscoveryRun(sql, adminB.workspaceId, runB))?.status).toBe('running');
    expect((await getLead(sql, adminB.workspaceId, leadB))?.status).toBe('pending_review');
    expect((await findLeadImport(sql, adminB.workspaceId, importB))?.status).toBe('uploaded');
    expect((await listSuppressions(sql, { workspaceId: adminB.workspaceId, sort: 'newest', limit: 10 })).map((entry) => entry.id)).toContain(suppressionB);
    expect(await getMailbox(sql, adminB.workspaceId, mailboxB)).toMatchObject({ fromName: 'B sales', status: 'active', imapHost: null });
    expect(await findCall(sql, adminB.workspaceId, callB)).toMatchObject({ status: 'queued' });
    expect((await findJob(sql, 'leads.import', failedJobB))?.state).toBe('failed');
    expect((await sql<{ assistant: string | null }[]>`select call_assistant_id as assistant from campaigns where id = ${campaignB}`)[0]?.assistant).toBeNull();
  });

  it("answers B's own admin with B's screenshot, so the NOT_FOUND above is the workspace check and not a missing row", async () => {
    const caller = createCaller(
      testContext(sql, {
        user: { id: adminB.userId, email: adminB.email, role: 'admin' },
        workspace: { id: adminB.workspaceId, name: 'Workspace B', slug: 'workspace-b' },
      }),
    );
    expect(Buffer.from((await caller.outreach.formScreenshot({ sendId: formSendB })).pngBase64, 'base64')).toEqual(Buffer.from('89504e470d0a1a0a0000', 'hex'));
  });

  it("refuses another workspace's mailbox in a campaign's rotation", async () => {
    const caller = createCaller(
      testContext(sql, {
        user: { id: adminA.userId, email: adminA.email, role: 'admin' },
        workspace: { id: adminA.workspaceId, name: 'Workspace A', slug: 'workspace-a' },
      }),
    );
    const target = { queries: ['plumber'], locations: [], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
    const campaignA = await createCampaign(sql, { workspaceId: adminA.workspaceId, name: 'A campaign', timeZone: 'UTC', target, createdBy: adminA.userId });
    await expect(caller.mailboxes.setForCampaign({ campaignId: campaignA.id, mailboxIds: [mailboxB] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await caller.mailboxes.forCampaign({ campaignId: campaignA.id })).toEqual([]);
  });

  it("counts and changes none of another workspace's leads named by id in a bulk action", async () => {
    const caller = createCaller(
      testContext(sql, {
        user: { id: adminA.userId, email: adminA.email, role: 'admin' },
        workspace: { id: adminA.workspaceId, name: 'Workspace A', slug: 'workspace-a' },
      }),
    );
    expect(await caller.leads.bulkPreview({ event: 'approve', target: { ids: [leadB] } })).toEqual({ event: 'approve', count: 0 });
    expect(await caller.leads.bulkTransition({ event: 'approve', target: { ids: [leadB] } })).toMatchObject({ changed: 0, skipped: 0 });
    expect((await getLead(sql, adminB.workspaceId, leadB))?.status).toBe('pending_review');
  });
});
