// A mailbox whose IMAP login fails shows "reconnect needed" with a reason a person can act on. The
// reason is built from the error's code and the server's short answer only, cut short, with the
// password and username taken out, so nothing secret reaches the page or the logs.

export interface ImapFailure {
  /** Node's socket code (ECONNREFUSED, ETIMEDOUT, ENOTFOUND …) or the client's (NoConnection …). */
  code?: string | undefined;
  authenticationFailed?: boolean | undefined;
  /** The server's text after NO/BAD, when it answered. */
  responseText?: string | undefined;
  message?: string | undefined;
}

export const IMAP_ERROR_MAX_CHARS = 200;

const SOCKET_REASONS: Readonly<Record<string, string>> = Object.freeze({
  ECONNREFUSED: 'The IMAP server refused the connection (wrong host or port?).',
  ENOTFOUND: 'The IMAP host name does not resolve.',
  EAI_AGAIN: 'The IMAP host name could not be resolved right now.',
  ETIMEDOUT: 'The IMAP server did not answer in time.',
  ECONNRESET: 'The IMAP server closed the connection (TLS on the wrong port?).',
  EHOSTUNREACH: 'The IMAP host cannot be reached.',
  CERT_HAS_EXPIRED: 'The IMAP server’s TLS certificate has expired.',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The IMAP server’s TLS certificate is self-signed.',
  ERR_TLS_CERT_ALTNAME_INVALID: 'The IMAP server’s TLS certificate is for another host name.',
});

export function imapFailureReason(failure: ImapFailure, secrets: readonly string[]): string {
  let reason: string;
  if (failure.authenticationFailed) {
    reason = `The IMAP server refused the username or password${failure.responseText ? `: ${failure.responseText}` : '.'}`;
  } else if (failure.code && SOCKET_REASONS[failure.code]) {
    reason = SOCKET_REASONS[failure.code]!;
  } else {
    reason = `IMAP failed: ${failure.responseText || failure.message || failure.code || 'unknown error'}`;
  }
  return redact(reason, secrets).replace(/\s+/g, ' ').trim().slice(0, IMAP_ERROR_MAX_CHARS);
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join('[hidden]');
  return out;
}
