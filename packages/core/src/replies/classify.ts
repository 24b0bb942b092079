// Rules for an email that arrives in answer to one of ours: which message it answers, and whether it
// is a person replying, an auto-reply (out of office) or a request to stop writing.

export const REPLY_KINDS = ['reply', 'out_of_office', 'unsubscribe_request'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

/** Each kind in words, as the lead's timeline and the Inbox show it. */
export const REPLY_KIND_LABELS: Readonly<Record<ReplyKind, string>> = Object.freeze({ reply: 'Reply', out_of_office: 'Out-of-office reply', unsubscribe_request: 'Asked to stop' });

export interface IncomingReply {
  subject: string;
  /** Header fields as received; names are matched without regard to case. */
  headers: Readonly<Record<string, string>>;
  /** The reply's own text, quoted text already stripped. */
  text: string;
}

const headerValue = (headers: Readonly<Record<string, string>>, name: string): string | null => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return null;
};

/**
 * The Message-IDs a reply names in In-Reply-To and References (most recent first, as In-Reply-To
 * names the message answered), each with its angle brackets, as our sends store them.
 */
export function referencedMessageIds(headers: Readonly<Record<string, string>>): string[] {
  const inReplyTo = headerValue(headers, 'in-reply-to') ?? '';
  const references = (headerValue(headers, 'references') ?? '').match(/<[^<>\s]+>/g) ?? [];
  const ids = [...(inReplyTo.match(/<[^<>\s]+>/g) ?? []), ...references.reverse()];
  return [...new Set(ids)];
}

// RFC 3834's Auto-Submitted, and the headers common auto-responders set instead of (or beside) it.
const AUTO_REPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-auto-reply', 'x-autoreply-from'];
const AUTO_PRECEDENCE = /^\s*(auto_reply|bulk|junk)\s*$/i;
const OUT_OF_OFFICE_SUBJECT =
  /\b(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|away from (the |my )?(office|desk)|on (vacation|holiday|leave)|abwesenheitsnotiz|absence|réponse automatique)\b/i;
// A person asking not to be written to again. Matched on the reply's own text and subject, not the quoted email
// (whose footer says "unsubscribe" in every message we send).
const UNSUBSCRIBE_REQUEST =
  /\b(unsubscribe|remove me|take me off|opt[- ]?out|stop (emailing|e-mailing|contacting|sending)|(do not|don't|dont) (email|e-mail|contact|write to) (me|us)|no more emails)\b/i;

/** Whether an incoming email was written by a machine on someone's behalf (out of office, vacation). */
export function isAutoReply(reply: Pick<IncomingReply, 'subject' | 'headers'>): boolean {
  const autoSubmitted = headerValue(reply.headers, 'auto-submitted');
  if (autoSubmitted !== null && autoSubmitted.trim().toLowerCase() !== 'no') return true;
  if (AUTO_REPLY_HEADERS.some((name) => headerValue(reply.headers, name) !== null)) return true;
  const precedence = headerValue(reply.headers, 'precedence');
  if (precedence !== null && AUTO_PRECEDENCE.test(precedence)) return true;
  return OUT_OF_OFFICE_SUBJECT.test(reply.subject);
}

/**
 * What a reply means for the sequence: an auto-reply leaves it running (the person has not answered),
 * an unsubscribe request suppresses the address and stops it, anything else is a reply and stops it.
 */
export function classifyReply(reply: IncomingReply): ReplyKind {
  if (isAutoReply(reply)) return 'out_of_office';
  if (UNSUBSCRIBE_REQUEST.test(reply.text) || UNSUBSCRIBE_REQUEST.test(reply.subject)) return 'unsubscribe_request';
  return 'reply';
}

/** The bare address of a From or To field ("Sam Lee <Sam@Acme.test>" → "sam@acme.test"), or null when it holds none. */
export function mailAddressOf(field: string): string | null {
  const bracketed = field.match(/<([^<>\s]+@[^<>\s]+)>/);
  const address = (bracketed?.[1] ?? field).trim().toLowerCase();
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? address : null;
}
