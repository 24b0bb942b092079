// The IMAP client for the reply poller: logs in, opens INBOX read-only, finds UIDs and fetches one
// message's source at a time. imapflow's own logger is off: its debug lines carry the protocol,
// LOGIN included, and a password must never reach a log.
import { ImapFlow } from 'imapflow';

export interface ImapLogin {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  /** The address to connect to when the host name was resolved and checked first; TLS still checks the name. */
  address?: string | undefined;
}

export interface InboxMessage {
  uid: number;
  internalDate: Date | null;
  source: Buffer;
}

export interface InboxSession {
  uidValidity: number;
  uidNext: number;
  /** UIDs from `fromUid` up (the server may add its last message, whatever its UID). */
  uidsFrom(fromUid: number): Promise<number[]>;
  /** UIDs of messages that arrived on or after the day before `since` (the caller drops the earlier ones by INTERNALDATE). */
  uidsSince(since: Date): Promise<number[]>;
  fetch(uid: number): Promise<InboxMessage | null>;
  close(): Promise<void>;
}

const CONNECTION_TIMEOUT_MS = 15_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Connects, logs in and opens INBOX read-only; throws imapflow's error (with its code and `authenticationFailed`). */
export async function openInboxSession(login: ImapLogin): Promise<InboxSession> {
  const client = new ImapFlow({
    host: login.address ?? login.host,
    port: login.port,
    secure: login.tls,
    ...(login.address && login.address !== login.host ? { servername: login.host } : {}),
    auth: { user: login.username, pass: login.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  // An error after the session ended (a socket timeout) must not crash the worker; the calls in flight reject on their own.
  client.on('error', () => {});
  try {
    await client.connect();
    const mailbox = await client.mailboxOpen('INBOX', { readOnly: true });
    const search = async (query: Parameters<ImapFlow['search']>[0]) => (await client.search(query, { uid: true })) || [];
    return {
      uidValidity: Number(mailbox.uidValidity),
      uidNext: mailbox.uidNext,
      uidsFrom: (fromUid) => search({ uid: `${fromUid}:*` }),
      // SINCE compares dates in the server's time zone, not instants: a day earlier misses nothing.
      uidsSince: (since) => search({ since: new Date(since.getTime() - DAY_MS) }),
      async fetch(uid) {
        const message = await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true });
        if (!message || !message.source) return null;
        const internalDate = message.internalDate ? new Date(message.internalDate) : null;
        return { uid: message.uid, internalDate, source: message.source };
      },
      async close() {
        await client.logout().catch(() => client.close());
      },
    };
  } catch (error) {
    client.close();
    throw error;
  }
}
