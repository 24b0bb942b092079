import { deriveMasterKey } from '@switchboard/core/crypto';
import { listAudit, listMailboxesToPoll, openMailboxPassword, recordImapCheck, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let admin: TestMember;
const PASSWORD = 'imap-pass-Zq81-never-shown';
// The test context's master key (packages/api/src/testing/context.ts).
const masterKey = deriveMasterKey('test-master-secret-for-switchboard-tests');

beforeAll(async () => {
  acme = await openTestWorkspace('mailboxes-imap-api-test');
  sql = acme.sql;
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceId: acme.operator.workspaceId });
});

afterAll(() => acme.close());

const asAdmin = () => callerAs(sql, admin, 'admin');
let addresses = 0;
async function newMailbox() {
  addresses += 1;
  return asAdmin().mailboxes.create({ fromName: 'Ann', fromAddress: `ann${addresses}@acme.test`, provider: 'resend', postalAddress: '1 Main St' });
}

describe('mailbox IMAP settings', () => {
  it('stores the password sealed and answers only that one is set, in every response and the audit log', async () => {
    const mailbox = await newMailbox();
    expect(mailbox).toMatchObject({ imapHost: null, imapPasswordSet: false, imapStatus: null });
    const saved = await asAdmin().mailboxes.setImap({ id: mailbox.id, host: 'IMAP.Acme.test', port: 993, tls: true, username: 'ann@acme.test', password: PASSWORD });
    expect(saved).toMatchObject({ imapHost: 'imap.acme.test', imapPort: 993, imapTls: true, imapUsername: 'ann@acme.test', imapPasswordSet: true, imapStatus: null });
    const listed = await asAdmin().mailboxes.list();
    const got = await asAdmin().mailboxes.get({ id: mailbox.id });
    for (const answer of [saved, listed, got]) expect(JSON.stringify(answer)).not.toContain(PASSWORD);
    const [entry] = await listAudit(sql, { workspaceId: admin.workspaceId, action: 'mailbox.imap_set', limit: 1 });
    expect(entry?.summary).toMatchObject({ host: 'imap.acme.test', passwordChanged: true });
    expect(JSON.stringify(entry)).not.toContain(PASSWORD);

    const [stored] = await sql<{ sealed: string }[]>`select imap_password_sealed as sealed from mailboxes where id = ${mailbox.id}`;
    expect(stored!.sealed).not.toContain(PASSWORD);
    expect(openMailboxPassword(masterKey, admin.workspaceId, mailbox.id, stored!.sealed)).toBe(PASSWORD);
    // Every member reads the mailbox (host and username included, as they read its address); none gets the password or its sealed form.
    const viewer = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: admin.workspaceId });
    const readers = [callerAs(sql, viewer, 'viewer'), callerAs(sql, acme.operator, 'operator'), asAdmin()];
    for (const reader of readers) {
      const answers = [await reader.mailboxes.list(), await reader.mailboxes.get({ id: mailbox.id })];
      expect(answers[1]).toMatchObject({ imapPasswordSet: true });
      for (const answer of answers) {
        expect(JSON.stringify(answer)).not.toContain(PASSWORD);
        expect(JSON.stringify(answer)).not.toContain(stored!.sealed);
        expect(Object.keys(answer as object).filter((key) => /sealed/i.test(key))).toEqual([]);
      }
    }
    await expect(callerAs(sql, acme.operator, 'operator').mailboxes.setImap({ id: mailbox.id, host: 'imap.evil.test', port: 993, tls: true, username: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Bound to its mailbox: the same ciphertext does not open as another mailbox's.
    // (Another first character: a random id starts with "0" one time in sixteen.)
    const otherMailboxId = (mailbox.id as string).replace(/^./, (first) => (first === '0' ? '1' : '0'));
    expect(() => openMailboxPassword(masterKey, admin.workspaceId, otherMailboxId, stored!.sealed)).toThrow();
  });

  it('keeps the stored password when none is given, and saving clears "reconnect needed"', async () => {
    const mailbox = await newMailbox();
    await expect(asAdmin().mailboxes.setImap({ id: mailbox.id, host: 'imap.acme.test', port: 993, tls: true, username: 'ann' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Give the IMAP password.' });
    await asAdmin().mailboxes.setImap({ id: mailbox.id, host: 'imap.acme.test', port: 993, tls: true, username: 'ann', password: PASSWORD });
    const polled = (await listMailboxesToPoll(sql, 100)).find((row) => row.id === mailbox.id)!;
    await recordImapCheck(sql, polled, 'The IMAP server refused the username or password.');
    expect(await asAdmin().mailboxes.get({ id: mailbox.id })).toMatchObject({ imapStatus: 'reconnect_needed', imapError: 'The IMAP server refused the username or password.' });

    const resaved = await asAdmin().mailboxes.setImap({ id: mailbox.id, host: 'imap.acme.test', port: 143, tls: false, username: 'ann', password: '' });
    expect(resaved).toMatchObject({ imapPort: 143, imapTls: false, imapPasswordSet: true, imapStatus: null, imapError: null, imapCheckedAt: null });
    const [stored] = await sql<{ sealed: string }[]>`select imap_password_sealed as sealed from mailboxes where id = ${mailbox.id}`;
    expect(openMailboxPassword(masterKey, admin.workspaceId, mailbox.id, stored!.sealed)).toBe(PASSWORD);
  });

  it('refuses a host with a scheme or port with a clear message, and removes IMAP on request', async () => {
    const mailbox = await newMailbox();
    await expect(asAdmin().mailboxes.setImap({ id: mailbox.id, host: 'imaps://imap.acme.test:993', port: 993, tls: true, username: 'ann', password: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await asAdmin().mailboxes.setImap({ id: mailbox.id, host: 'imap.acme.test', port: 993, tls: true, username: 'ann', password: PASSWORD });
    await sql`insert into mailbox_inbound_messages (mailbox_id, workspace_id, uid_validity, uid, outcome) values (${mailbox.id}, ${admin.workspaceId}, 1, 1, 'Inbound reply')`;
    expect(await asAdmin().mailboxes.clearImap({ id: mailbox.id })).toMatchObject({ imapHost: null, imapPasswordSet: false });
    // Its processed-message ledger goes with it: set again, IMAP reads only mail arriving from then on.
    expect(await sql`select 1 from mailbox_inbound_messages where mailbox_id = ${mailbox.id}`).toHaveLength(0);
    expect((await listMailboxesToPoll(sql, 100)).some((row) => row.id === mailbox.id)).toBe(false);
    await expect(asAdmin().mailboxes.clearImap({ id: mailbox.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses a private, loopback or local IMAP host at save with the rule polling uses, unless private hosts are allowed', async () => {
    const mailbox = await newMailbox();
    const imap = { id: mailbox.id, port: 993, tls: true, username: 'ann', password: PASSWORD };
    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '169.254.169.254', '[::1]', 'imap.corp']) {
      await expect(asAdmin().mailboxes.setImap({ ...imap, host })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^Not saved: .* private or local address|^Not saved: .* local name/) });
    }
    // A public-looking name that resolves into the private network is refused too, naming the address.
    const resolvesPrivate = callerAs(sql, admin, 'admin', { lookupHost: async () => [{ address: '192.168.1.20', family: 4 }] });
    await expect(resolvesPrivate.mailboxes.setImap({ ...imap, host: 'imap.sneaky.example' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Not saved: imap.sneaky.example resolves to 192.168.1.20, a private or local address. Only public IMAP servers are allowed unless SMTP_ALLOW_PRIVATE_HOSTS=true is set.',
    });
    expect(await asAdmin().mailboxes.get({ id: mailbox.id })).toMatchObject({ imapHost: null });
    const resolvesPublic = callerAs(sql, admin, 'admin', { lookupHost: async () => [{ address: '93.184.216.34', family: 4 }] });
    expect(await resolvesPublic.mailboxes.setImap({ ...imap, host: 'imap.example.com' })).toMatchObject({ imapHost: 'imap.example.com' });
    const allowed = callerAs(sql, admin, 'admin', { allowPrivateHosts: true });
    expect(await allowed.mailboxes.setImap({ ...imap, host: '127.0.0.1' })).toMatchObject({ imapHost: '127.0.0.1' });
  });
});
