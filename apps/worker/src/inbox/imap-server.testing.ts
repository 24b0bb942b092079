// A real IMAP server for tests: hoodiecrow (by imapflow's author, made for testing clients) on
// 127.0.0.1 at a free port, in memory. Mail is put in INBOX with a real APPEND, as a mail server would.
import type { AddressInfo } from 'node:net';
import hoodiecrow from 'hoodiecrow-imap';
import { ImapFlow } from 'imapflow';

export interface TestImapServer {
  port: number;
  /** APPENDs a raw RFC 5322 message to INBOX, logged in as `user` (arrived at `arrivedAt`, now by default); returns its UID. */
  append(user: { username: string; password: string }, raw: string, arrivedAt?: Date): Promise<number>;
  /** Gives INBOX a new UIDVALIDITY, as a server does when it rebuilds a folder. */
  changeUidValidity(uidValidity: number): void;
  close(): Promise<void>;
}

export async function startTestImapServer(users: Record<string, string>): Promise<TestImapServer> {
  const server = hoodiecrow({
    plugins: ['ID', 'UIDPLUS', 'ENABLE', 'UNSELECT', 'SPECIAL-USE', 'LITERALPLUS', 'SASL-IR'],
    users: Object.fromEntries(Object.entries(users).map(([username, password]) => [username, { password }])),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    async append(user, raw, arrivedAt) {
      const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: user.username, pass: user.password }, logger: false });
      await client.connect();
      try {
        const appended = await client.append('INBOX', raw, [], arrivedAt);
        if (!appended || !appended.uid) throw new Error('The test IMAP server did not return the appended UID');
        return appended.uid;
      } finally {
        await client.logout();
      }
    },
    changeUidValidity(uidValidity) {
      const inbox = server.getMailbox('INBOX');
      if (!inbox) throw new Error('The test IMAP server has no INBOX');
      inbox.uidvalidity = uidValidity;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
