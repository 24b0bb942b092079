import type { EmailProviderName, TransactionSql, Sql } from '@switchboard/db';

/** A sender identity: a mailbox's from name and address. */
export interface EmailAddress {
  name?: string;
  address: string;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Sent to providers that honour one (Resend), so even a provider-side retry cannot duplicate. */
  idempotencyKey: string;
  /** A one-time link inside `text` (sign-in, reset). The sandbox outbox stores it apart and shows a placeholder. */
  secretLink?: string;
  /** The mailbox it goes out from; the provider's configured sender (EMAIL_FROM) when absent. */
  from?: EmailAddress;
  html?: string;
  replyTo?: string;
  /** Our own Message-ID (`<id@domain>`), so replies can be matched by In-Reply-To/References. */
  messageId?: string;
  /** Becomes `List-Unsubscribe` (https and mailto) and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058). */
  unsubscribe?: { url: string; mailto: string };
  /** More header fields, sent as given. */
  headers?: Readonly<Record<string, string>>;
  /** Metadata the provider echoes in its webhooks (Resend tags; X-Switchboard-Tag headers over SMTP), e.g. `{ send_id }`. */
  tags?: Readonly<Record<string, string>>;
}

/** What every outreach email carries: its mailbox, both parts, our Message-ID and the one-click unsubscribe. */
export type MarketingEmailMessage = EmailMessage & Required<Pick<EmailMessage, 'from' | 'html' | 'messageId' | 'unsubscribe' | 'tags'>>;

export interface DeliveryTarget {
  sql: Sql | TransactionSql;
  /** The transactional delivery row (sign-in, reset), or null for a campaign send (`sendId`). */
  deliveryId: string | null;
  sendId?: string;
  workspaceId: string | null;
  /** The workspaces whose admins may read this email in the sandbox outbox (admins of all of them). */
  recipientWorkspaceIds: readonly string[];
}

export interface SentEmail {
  providerMessageId: string | null;
  /** Which provider took it, when it is not the sender's own name (the fallback after a failover). */
  provider?: EmailProviderName;
  /** Why the primary provider was passed over, when the fallback sent it. */
  failedOver?: { from: EmailProviderName; reason: string };
}

export interface EmailSender {
  provider: EmailProviderName;
  send(message: EmailMessage, target: DeliveryTarget): Promise<SentEmail>;
}

export interface EmailFailureDetails {
  provider?: EmailProviderName | null;
  /** The provider's HTTP status or SMTP reply code; null when no answer came. */
  statusCode?: number | null;
  /** The provider's own words (kept on the send; shown to the operator). */
  reason?: string;
  /** Worth trying again later (429, 5xx, 4xx SMTP replies, no answer); false means fail at once. */
  retriable?: boolean;
  /** How long the provider asked us to wait (Retry-After or the rate-limit reset), when it said. */
  retryAfterSeconds?: number | null;
  cause?: unknown;
}

/** Shared by both failure kinds, so a caller reads retriable/reason/retry-after the same way. */
abstract class EmailSendFailure extends Error {
  readonly provider: EmailProviderName | null;
  readonly statusCode: number | null;
  readonly reason: string;
  readonly retriable: boolean;
  readonly retryAfterSeconds: number | null;
  constructor(message: string, details: EmailFailureDetails, retriableByDefault: boolean) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.provider = details.provider ?? null;
    this.statusCode = details.statusCode ?? null;
    this.reason = details.reason ?? message;
    this.retriable = details.retriable ?? retriableByDefault;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }
}

/**
 * The provider said no before accepting the message: trying again cannot send it twice, and another
 * provider may be tried. `retriable` tells a "not now" (429, 5xx, SMTP 4xx) from a "never" (422, SMTP 5xx).
 */
export class EmailRefused extends EmailSendFailure {
  override readonly name = 'EmailRefused';
  constructor(message: string, details: EmailFailureDetails = {}) {
    super(message, details, true);
  }
}

/**
 * No answer (a timeout, a connection dropped mid-request): the provider may have taken the message.
 * Retriable only through the same provider with the same idempotency key; never failed over.
 */
export class EmailInDoubt extends EmailSendFailure {
  override readonly name = 'EmailInDoubt';
  /** The provider drops a second request with the same idempotency key and body (Resend), so asking it again cannot duplicate. */
  readonly providerDeduplicates: boolean;
  constructor(message: string, details: Omit<EmailFailureDetails, 'retriable'> & { providerDeduplicates?: boolean } = {}) {
    super(message, { ...details, retriable: true }, true);
    this.providerDeduplicates = details.providerDeduplicates ?? false;
  }
}

export type EmailFailure = EmailRefused | EmailInDoubt;

export function isEmailFailure(error: unknown): error is EmailFailure {
  return error instanceof EmailRefused || error instanceof EmailInDoubt;
}
