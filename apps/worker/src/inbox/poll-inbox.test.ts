import { Writable } from 'node:stream';
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import { deriveUnsubscribeKey } from '@switchboard/core/suppression';
import {
  clearMailboxImap,
  createMailbox,
  createSql,
  findSend,
  getMailbox,
  listLeadMessages,
  openMailboxPassword,
  sealMailboxPassword,
  setCampaignMailboxes,
  listMailboxesToPoll,
  setMailboxImap,
  type Sql,
} from '@switchboard/db';
import { TEST_MAILBOX_SETTINGS, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { sandboxAiWriter } from '../adapters/ai-writer/index.ts';
import { sandboxEmail } from '../adapters/email/index.ts';
import { startedCampaign } from '../outreach/campaign.testing.ts';
import { dispatchSend } from '../outreach/dispatch-send.ts';
import { scheduleDueEnrolments } from '../outreach/schedule-enrolments.ts';
import { inboxPollJob } from '../jobs/inbox.poll.ts';
import type { WorkerJobContext } from '../services.ts';
import { startTestImapServer, type TestImapServer } from './imap-server.testing.ts';
import { pollAllMailboxes } from './poll-all.ts';
import { pollMailbox, type InboxPollServices } from './poll-mailbox.ts';

let database: TestDatabase;
let sql: Sql;
let operator: TestMember;
const servers: TestImapServer[] = [];
const masterKey = deriveMasterKey('a-test-master-secret-that-is-long-enough');
const ANN = { username: 'ann', password: 'ann-imap-pw-7Yq2' };
const BOB = { username: 'bob', password: 'bob-imap-pw-Kx93' };
// A Monday, 10:00 in Chicago (the leads are in Texas).
const MONDAY = new Date('2026-11-30T16:00:00Z');
const ALWAYS_OPEN = { sendDays: [0, 1, 2, 3, 4, 5, 6], sendStartMinute: 0, sendEndMinute: 1440 };

// Every line the poller logs, at debug level, to check no password reaches a log.
const logLines: string[] = [];
const log = createLogger({ name: 'inbox-poll-test', level: 'debug', format: 'json', destination: new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) }) });

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'inbox-poll-test' });
  operator = await createMember(sql, { email: 'operator@acme.test', role: 'operator' });
});

/** An IMAP server of its own (hoodiecrow keeps one INBOX for all its users), closed after the file. */
async function imapServer() {
  const server = await startTestImapServer({ [ANN.username]: ANN.password, [BOB.username]: BOB.password });
  servers.push(server);
  return server;
}

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await sql.end();
  await database.drop();
});

/** What the inbox.poll job passes (the test server listens on 127.0.0.1, hence private hosts allowed). */
const pollServices = (): InboxPollServices => ({
  sql,
  log,
  openPassword: (workspaceId, mailboxId, sealed) => openMailboxPassword(masterKey, workspaceId, mailboxId, sealed),
  allowPrivateHosts: true,
});

/**
 * A campaign of one lead whose first email went out through the real dispatch path to the sandbox
 * outbox, from a mailbox of its own that reads `login`'s INBOX on the test IMAP server.
 */
async function sentThroughSandbox(name: string, imap: TestImapServer, login: { username: string; password: string }) {
  const { workspaceId, userId } = operator;
  const { campaignId, domain, leadIds } = await startedCampaign(sql, operator, { name, leads: 1, startAt: MONDAY });
  const mailbox = (await createMailbox(sql, { ...TEST_MAILBOX_SETTINGS, ...ALWAYS_OPEN, fromAddress: `ann@${domain}.test`, workspaceId, createdBy: userId }))!;
  await setCampaignMailboxes(sql, workspaceId, campaignId, [mailbox.id]);
  const passwordSealed = sealMailboxPassword(masterKey, workspaceId, mailbox.id, login.password);
  await setMailboxImap(sql, workspaceId, mailbox.id, { host: '127.0.0.1', port: imap.port, tls: false, username: login.username, passwordSealed }, userId);
  const planned = await scheduleDueEnrolments({ sql, log }, { now: MONDAY, messageIdDomain: 'switchboard.test' });
  const dispatch = {
    sql, log, providerKey: async () => null, aiWriter: async () => sandboxAiWriter, publicUrl: 'https://switchboard.test',
    unsubscribeKey: deriveUnsubscribeKey(masterKey), emailFrom: 'Switchboard <hello@switchboard.test>', senderFor: async () => sandboxEmail,
  };
  for (const sendId of planned.sendIds) expect(await dispatchSend(dispatch, { workspaceId, id: sendId }, MONDAY)).toBe('sent');
  const [send] = await sql<{ id: string }[]>`select id from sends where campaign_id = ${campaignId} and status = 'sent'`;
  const sent = (await findSend(sql, workspaceId, send!.id))!;
  const [outbox] = await sql<{ count: number }[]>`select count(*)::int as count from sandbox_outbox where send_id = ${sent.id}`;
  expect(outbox!.count).toBe(1);
  return { campaignId, mailbox, leadId: leadIds[0]!, send: sent };
}

function replyTo(send: { toAddress: string | null; messageId: string; subject: string | null }, text: string, extra: Record<string, string> = {}) {
  const headers = {
    From: `Owner <${send.toAddress ?? 'nobody@example.test'}>`,
    To: 'ann@example.test',
    Subject: `Re: ${send.subject ?? 'Hello'}`,
    Date: new Date().toUTCString(),
    'Message-ID': `<reply-${crypto.randomUUID()}@lead.test>`,
    'In-Reply-To': send.messageId,
    References: send.messageId,
    ...extra,
  };
  return `${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${text.replace(/\n/g, '\r\n')}`;
}

async function leadState(leadId: string) {
  const [lead] = await sql<{ status: string }[]>`select status from leads where id = ${leadId}`;
  const enrolments = await sql<{ status: string; stopReason: string | null }[]>`select status, stop_reason as "stopReason" from enrolments where lead_id = ${leadId}`;
  return { status: lead!.status, enrolments };
}

const QUOTED_REPLY = 'Yes, call me Tuesday.\n\nOn Mon, Nov 30, 2026 at 10:00 AM Ann <ann@acme.test> wrote:\n> Hi there,\n> would you like a demo?\n';

/** What the worker gives the inbox.poll job (private hosts allowed for the test server), recording what it publishes. */
function pollJobContext() {
  const published: { workspaceId: string | null; topic: string; payload: unknown }[] = [];
  const context = {
    sql,
    log,
    keyCheck: { smtpAllowPrivateHosts: true },
    openMailboxPassword: (workspaceId: string, mailboxId: string, sealed: string) => openMailboxPassword(masterKey, workspaceId, mailboxId, sealed),
    publish: async (workspaceId: string | null, topic: string, payload: unknown) => {
      published.push({ workspaceId, topic, payload });
    },
  } as unknown as WorkerJobContext;
  return { context, published };
}

describe('polling mailbox inboxes over IMAP', () => {
  it('finds a reply to a sandbox send on the next poll: sequence stopped, lead replied, quote stripped; a second poll does nothing new', async () => {
    const imap = await imapServer();
    const { mailbox, leadId, send } = await sentThroughSandbox('Imap Reply', imap, ANN);
    expect(await leadState(leadId)).toMatchObject({ enrolments: [{ status: 'active', stopReason: null }] });
    await imap.append(ANN, replyTo(send, QUOTED_REPLY));

    const first = (await pollAllMailboxes(pollServices())).find((outcome) => outcome.mailboxId === mailbox.id);
    expect(first).toMatchObject({ status: 'ok', applied: [expect.objectContaining({ leadsChanged: true })], imapStatusChanged: true });
    expect(await leadState(leadId)).toEqual({ status: 'replied', enrolments: [{ status: 'stopped', stopReason: 'replied' }] });
    const messages = await listLeadMessages(sql, operator.workspaceId, leadId);
    expect(messages).toEqual([expect.objectContaining({ kind: 'reply', sendId: send.id, fromAddress: send.toAddress, text: 'Yes, call me Tuesday.' })]);
    expect(await getMailbox(sql, operator.workspaceId, mailbox.id)).toMatchObject({ imapStatus: 'ok', imapError: null, imapCheckedAt: expect.any(Date) });

    const second = (await pollAllMailboxes(pollServices())).find((outcome) => outcome.mailboxId === mailbox.id);
    expect(second).toEqual({ mailboxId: mailbox.id, workspaceId: operator.workspaceId, status: 'ok', applied: [], imapStatusChanged: false });
    expect(await listLeadMessages(sql, operator.workspaceId, leadId)).toHaveLength(1);
    const [ledger] = await sql<{ count: number }[]>`select count(*)::int as count from mailbox_inbound_messages where mailbox_id = ${mailbox.id}`;
    expect(ledger!.count).toBe(1);
  });

  it('marks a mailbox with a wrong password "reconnect needed" while another mailbox’s reply is still found, and logs no password', async () => {
    const [goodServer, badServer] = [await imapServer(), await imapServer()];
    const good = await sentThroughSandbox('Imap Good', goodServer, BOB);
    const bad = await sentThroughSandbox('Imap Bad', badServer, { username: ANN.username, password: 'wrong-pw-Qz55' });
    await goodServer.append(BOB, replyTo(good.send, 'Sounds good, send the details.'));

    const outcomes = await pollAllMailboxes(pollServices());
    expect(outcomes.find((outcome) => outcome.mailboxId === bad.mailbox.id)).toMatchObject({ status: 'reconnect_needed', applied: [] });
    expect(outcomes.find((outcome) => outcome.mailboxId === good.mailbox.id)).toMatchObject({ status: 'ok', applied: [expect.anything()] });
    expect(await leadState(good.leadId)).toMatchObject({ status: 'replied' });
    const badRow = (await getMailbox(sql, operator.workspaceId, bad.mailbox.id))!;
    expect(badRow).toMatchObject({ imapStatus: 'reconnect_needed', imapError: expect.stringContaining('refused the username or password') });
    expect(badRow.imapError).not.toContain('wrong-pw-Qz55');

    // Saving new credentials clears it; the next poll with the right password succeeds.
    const { workspaceId, userId } = operator;
    const passwordSealed = sealMailboxPassword(masterKey, workspaceId, bad.mailbox.id, ANN.password);
    expect(await setMailboxImap(sql, workspaceId, bad.mailbox.id, { host: '127.0.0.1', port: badServer.port, tls: false, username: ANN.username, passwordSealed }, userId)).toMatchObject({ imapStatus: null, imapError: null });
    const again = (await pollAllMailboxes(pollServices())).find((outcome) => outcome.mailboxId === bad.mailbox.id);
    expect(again).toMatchObject({ status: 'ok' });
    expect(await getMailbox(sql, workspaceId, bad.mailbox.id)).toMatchObject({ imapStatus: 'ok', imapError: null });

    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of [ANN.password, BOB.password, 'wrong-pw-Qz55']) expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
  });

  it('after a UIDVALIDITY change reads again by date without processing a message twice', async () => {
    const imap = await imapServer();
    const { mailbox, leadId, send } = await sentThroughSandbox('Imap Validity', imap, ANN);
    await imap.append(ANN, replyTo(send, 'Out of office until Monday.', { 'Auto-Submitted': 'auto-replied' }));
    const first = (await pollAllMailboxes(pollServices())).find((outcome) => outcome.mailboxId === mailbox.id);
    expect(first?.applied).toHaveLength(1);
    // An out-of-office keeps the sequence going.
    expect(await leadState(leadId)).toMatchObject({ enrolments: [{ status: 'active', stopReason: null }] });

    imap.changeUidValidity(4242);
    const after = (await pollAllMailboxes(pollServices())).find((outcome) => outcome.mailboxId === mailbox.id);
    expect(after).toMatchObject({ status: 'ok', applied: [] });
    expect(await listLeadMessages(sql, operator.workspaceId, leadId)).toHaveLength(1);
    const [cursor] = await sql<{ uidValidity: string }[]>`select imap_uid_validity::text as "uidValidity" from mailboxes where id = ${mailbox.id}`;
    expect(cursor!.uidValidity).toBe('4242');
  });

  it('after a UIDVALIDITY change does not process a reply without a Message-ID twice', async () => {
    const imap = await imapServer();
    const { mailbox, leadId, send } = await sentThroughSandbox('Imap Bare Reply', imap, ANN);
    const withoutMessageId = replyTo(send, 'Out of office until Monday.', { 'Auto-Submitted': 'auto-replied' }).replace(/^Message-ID: .*\r\n/m, '');
    expect(withoutMessageId).not.toMatch(/^Message-ID:/im);
    await imap.append(ANN, withoutMessageId);
    expect((await pollAllMailboxes(pollServices())).find((outcome) => outcome.mailboxId === mailbox.id)?.applied).toHaveLength(1);

    imap.changeUidValidity(5151);
    const after = (await pollAllMailboxes(pollServices())).find((outcome) => outcome.mailboxId === mailbox.id);
    expect(after).toMatchObject({ status: 'ok', applied: [] });
    expect(await listLeadMessages(sql, operator.workspaceId, leadId)).toHaveLength(1);
    const ledger = await sql<{ contentHash: string | null }[]>`select content_hash as "contentHash" from mailbox_inbound_messages where mailbox_id = ${mailbox.id}`;
    expect(ledger).toEqual([{ contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('prunes processed-message rows past 30 days after a good poll, but keeps every row a read after a UIDVALIDITY change could find again', async () => {
    const imap = await imapServer();
    const { mailbox } = await sentThroughSandbox('Imap Prune', imap, ANN);
    expect((await pollAllMailboxes(pollServices())).find((outcome) => outcome.mailboxId === mailbox.id)).toMatchObject({ status: 'ok' });
    const oldRow = (uid: number, daysAgo: number) => sql`
      insert into mailbox_inbound_messages (mailbox_id, workspace_id, uid_validity, uid, message_id, outcome, processed_at)
      values (${mailbox.id}, ${operator.workspaceId}, 1, ${uid}, ${`<old-${uid}-${mailbox.id}@lead.test>`}, 'Inbound reply', now() - make_interval(days => ${daysAgo}))`;
    const ledgerUids = async () => (await sql<{ uid: number }[]>`select uid::int as uid from mailbox_inbound_messages where mailbox_id = ${mailbox.id} and uid_validity = 1 order by uid`).map((row) => row.uid);
    await oldRow(1, 40);
    await oldRow(2, 10);
    await pollAllMailboxes(pollServices());
    expect(await ledgerUids()).toEqual([2]);

    // A failed poll keeps when the last good one was, so a later UIDVALIDITY change still reads from a day before it.
    const polled = (await listMailboxesToPoll(sql, 1000)).find((row) => row.id === mailbox.id)!;
    expect(polled.lastSuccessAt).toEqual(expect.any(Date));
    await sql`update mailboxes set imap_status = 'reconnect_needed', imap_error = 'The IMAP server refused the username or password.' where id = ${mailbox.id}`;
    expect((await listMailboxesToPoll(sql, 1000)).find((row) => row.id === mailbox.id)?.lastSuccessAt).toEqual(polled.lastSuccessAt);

    // No good poll since IMAP was set 90 days ago: a read after a UIDVALIDITY change would start there, so rows since then stay.
    await sql`update mailboxes set imap_set_at = now() - interval '90 days', imap_last_ok_at = null where id = ${mailbox.id}`;
    await oldRow(3, 40);
    await oldRow(4, 100);
    await pollAllMailboxes(pollServices());
    expect(await ledgerUids()).toEqual([2, 3]);
  });

  it('runs as the inbox.poll job, which refreshes the campaign board, the leads list and the Inbox', async () => {
    const imap = await imapServer();
    const { campaignId, leadId, send } = await sentThroughSandbox('Imap Job', imap, ANN);
    await imap.append(ANN, replyTo(send, 'Please call me.'));
    const { context, published } = pollJobContext();
    await inboxPollJob.handler({}, context);
    expect(await leadState(leadId)).toMatchObject({ status: 'replied' });
    expect(published).toEqual(
      expect.arrayContaining([
        { workspaceId: operator.workspaceId, topic: 'outreach.changed', payload: { campaignId } },
        { workspaceId: operator.workspaceId, topic: 'leads.changed', payload: { campaignId, count: 1 } },
        { workspaceId: operator.workspaceId, topic: 'inbox.message', payload: { messageId: expect.any(String), leadId } },
      ]),
    );
  });

  it('tells the mailboxes page when "reconnect needed" is shown or cleared, and only then', async () => {
    const imap = await imapServer();
    const { mailbox } = await sentThroughSandbox('Imap Live Status', imap, { username: ANN.username, password: 'wrong-pw-Lv42' });
    const { context, published } = pollJobContext();
    const mailboxEvents = () => published.filter((event) => event.topic === 'mailboxes.changed' && (event.payload as { mailboxId: string }).mailboxId === mailbox.id);
    await inboxPollJob.handler({}, context);
    expect(mailboxEvents()).toEqual([{ workspaceId: operator.workspaceId, topic: 'mailboxes.changed', payload: { mailboxId: mailbox.id } }]);
    // The same failure again: nothing on the page changes, so nothing is published.
    await inboxPollJob.handler({}, context);
    expect(mailboxEvents()).toHaveLength(1);
    // The right password saved: the next poll's "Reading replies" reaches the page too.
    const passwordSealed = sealMailboxPassword(masterKey, operator.workspaceId, mailbox.id, ANN.password);
    await setMailboxImap(sql, operator.workspaceId, mailbox.id, { host: '127.0.0.1', port: imap.port, tls: false, username: ANN.username, passwordSealed }, operator.userId);
    await inboxPollJob.handler({}, context);
    expect(mailboxEvents()).toHaveLength(2);
    expect(await getMailbox(sql, operator.workspaceId, mailbox.id)).toMatchObject({ imapStatus: 'ok' });
  });

  it('refuses an IMAP host on a private address unless SMTP_ALLOW_PRIVATE_HOSTS allows it', async () => {
    const imap = await imapServer();
    const { mailbox } = await sentThroughSandbox('Imap Private', imap, ANN);
    const outcome = (await pollAllMailboxes({ ...pollServices(), allowPrivateHosts: false })).find((polled) => polled.mailboxId === mailbox.id);
    expect(outcome).toMatchObject({ status: 'reconnect_needed' });
    expect(await getMailbox(sql, operator.workspaceId, mailbox.id)).toMatchObject({ imapStatus: 'reconnect_needed', imapError: expect.stringContaining('127.0.0.1 is a private or local address') });
  });

  it('leaves mail that arrived before IMAP was set alone on the first poll', async () => {
    const imap = await imapServer();
    const { mailbox, leadId, send } = await sentThroughSandbox('Imap Old Mail', imap, ANN);
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
    await imap.append(ANN, replyTo(send, 'An old answer, from before.'), threeDaysAgo);
    const outcome = (await pollAllMailboxes(pollServices())).find((polled) => polled.mailboxId === mailbox.id);
    expect(outcome).toMatchObject({ status: 'ok', applied: [] });
    expect(await leadState(leadId)).toMatchObject({ enrolments: [{ status: 'active', stopReason: null }] });
    expect(await listLeadMessages(sql, operator.workspaceId, leadId)).toEqual([]);
  });

  it('connects to no private, loopback or metadata address, by address or by a name resolving there, unless private hosts are allowed', async () => {
    const { workspaceId, userId } = operator;
    const hosts = ['127.0.0.1', '169.254.169.254', '10.1.2.3', '[::1]', 'localhost', 'rebind.example.com', 'metadata.example.com'];
    const fakeDns = async (hostname: string) => {
      const answers: Record<string, string> = { 'rebind.example.com': '127.0.0.1', 'metadata.example.com': '169.254.169.254' };
      if (!answers[hostname]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return [{ address: answers[hostname]!, family: 4 }];
    };
    const ids = new Map<string, string>();
    for (const [index, host] of hosts.entries()) {
      const mailbox = (await createMailbox(sql, { ...TEST_MAILBOX_SETTINGS, fromAddress: `guard${index}@acme.test`, workspaceId, createdBy: userId }))!;
      await setMailboxImap(sql, workspaceId, mailbox.id, { host, port: 993, tls: true, username: ANN.username, passwordSealed: sealMailboxPassword(masterKey, workspaceId, mailbox.id, ANN.password) }, userId);
      ids.set(mailbox.id, host);
    }
    const opened: string[] = [];
    const services: InboxPollServices = {
      ...pollServices(),
      allowPrivateHosts: false,
      lookup: fakeDns,
      openSession: async (login) => {
        opened.push(login.address ?? login.host);
        throw new Error('no session in this test');
      },
    };
    for (const mailbox of (await listMailboxesToPoll(sql, 500)).filter((row) => ids.has(row.id))) {
      expect(await pollMailbox(services, mailbox)).toMatchObject({ status: 'reconnect_needed' });
      const stored = await getMailbox(sql, workspaceId, mailbox.id);
      expect({ host: ids.get(mailbox.id), error: stored?.imapError }).toEqual({ host: ids.get(mailbox.id), error: expect.stringMatching(/private or local (address|name)|local name.*SMTP_ALLOW_PRIVATE_HOSTS=true/) });
      expect(stored?.imapError).not.toContain(ANN.password);
    }
    expect(opened).toEqual([]);
    // Later polls in this file poll every mailbox with private hosts allowed: these must not be among them.
    for (const id of ids.keys()) await clearMailboxImap(sql, workspaceId, id, userId);
  });
});
