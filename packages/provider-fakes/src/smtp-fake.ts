import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the SMTP fake took: the envelope, the raw message and its header lines (unfolded, names lower-cased). */
export interface SmtpMessage {
  from: string | null;
  to: string[];
  raw: string;
  headers: ReadonlyMap<string, string[]>;
  receivedAt: Date;
}

/** A reply the fake gives instead of taking a message: 421/451 are "try later", 550 is "no". */
export interface SmtpRefusal {
  code: 421 | 451 | 452 | 550 | 552 | 554;
  message?: string;
  /** When the refusal comes: at RCPT TO (before the message is sent) or after DATA (default). */
  stage?: 'rcpt' | 'data';
}

/** Or no reply at all once the message is sent: the client cannot know whether it was taken. */
export type SmtpFailure = SmtpRefusal | { hangAfterData: true };

export interface SmtpFake {
  /** `smtp://127.0.0.1:<port>`, for nodemailer's createTransport. */
  url: string;
  readonly messages: readonly SmtpMessage[];
  inject(failure: SmtpFailure, options?: { times?: number }): void;
  close(): Promise<void>;
}

const DEFAULT_REPLIES: Record<SmtpRefusal['code'], string> = {
  421: 'Service not available, closing transmission channel',
  451: 'Requested action aborted: local error in processing',
  452: 'Insufficient system storage',
  550: 'Mailbox unavailable',
  552: 'Message size exceeds fixed maximum message size',
  554: 'Transaction failed',
};

/**
 * A local SMTP server (smtp-server, nodemailer's own server library, so the wire talk is real SMTP)
 * on 127.0.0.1 that keeps what it receives and answers injected failures with real reply codes.
 * Plain text only (no STARTTLS) and no authentication, as a test relay.
 */
export async function startSmtpFake(): Promise<SmtpFake> {
  const messages: SmtpMessage[] = [];
  const failures: { failure: SmtpFailure; remaining: number }[] = [];

  const takeFailure = (stage: 'rcpt' | 'data'): SmtpFailure | null => {
    const pending = failures[0];
    if (!pending || ('hangAfterData' in pending.failure ? 'data' : (pending.failure.stage ?? 'data')) !== stage) return null;
    pending.remaining -= 1;
    if (pending.remaining <= 0) failures.shift();
    return pending.failure;
  };
  const refusal = (failure: SmtpRefusal): Error => Object.assign(new Error(failure.message ?? DEFAULT_REPLIES[failure.code]), { responseCode: failure.code });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const failure = takeFailure('rcpt');
      callback(failure && !('hangAfterData' in failure) ? refusal(failure) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const failure = takeFailure('data');
        // Hanging: the callback is never called, so the client waits for a reply that does not come.
        if (failure && 'hangAfterData' in failure) return;
        if (failure) return callback(refusal(failure));
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((address) => address.address),
          raw,
          headers: parseHeaders(raw),
          receivedAt: new Date(),
        });
        callback(null, `Ok: queued as ${messages.length}`);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    inject(failure, options = {}) {
      failures.push({ failure, remaining: options.times ?? 1 });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseHeaders(raw: string): Map<string, string[]> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}
