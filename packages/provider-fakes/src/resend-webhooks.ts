import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'svix';

export const RESEND_EVENT_TYPES = [
  'email.sent',
  'email.delivered',
  'email.delivery_delayed',
  'email.bounced',
  'email.complained',
  'email.opened',
  'email.clicked',
  'email.received',
] as const;
export type ResendEventType = (typeof RESEND_EVENT_TYPES)[number];

/** A signing secret in Resend's (Svix's) format: `whsec_` and base64 key bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export interface ResendEventEmail {
  /** Resend's email id (what POST /emails answered). */
  emailId: string;
  from: string;
  to: readonly string[];
  subject: string;
  tags?: Readonly<Record<string, string>>;
  /** For email.received: the incoming message's Message-ID. */
  messageId?: string;
}

/** The JSON body Resend posts for an event, with the type's own fields filled in as Resend fills them. */
export function resendEventBody(type: ResendEventType, email: ResendEventEmail, at: Date = new Date()): Record<string, unknown> {
  const data: Record<string, unknown> = {
    created_at: at.toISOString(),
    email_id: email.emailId,
    from: email.from,
    to: [...email.to],
    subject: email.subject,
  };
  if (email.tags) data.tags = { ...email.tags };
  if (type === 'email.bounced') data.bounce = { message: 'The recipient\'s mailbox does not exist.', subType: 'General', type: 'Permanent' };
  if (type === 'email.clicked') data.click = { ipAddress: '203.0.113.7', link: 'https://example.com/', timestamp: at.toISOString(), userAgent: 'Mozilla/5.0' };
  if (type === 'email.received') Object.assign(data, { message_id: email.messageId ?? `<${randomUUID()}@example.com>`, cc: [], bcc: [], attachments: [] });
  return { type, created_at: at.toISOString(), data };
}

export interface SignedWebhook {
  body: string;
  headers: { 'content-type': string; 'svix-id': string; 'svix-timestamp': string; 'svix-signature': string };
}

/** Signs a body as Svix does for Resend: `svix-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signResendWebhook(secret: string, body: string, options: { id?: string; timestamp?: Date } = {}): SignedWebhook {
  const id = options.id ?? `msg_${randomBytes(12).toString('hex')}`;
  const timestamp = options.timestamp ?? new Date();
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'svix-signature': new Webhook(secret).sign(id, timestamp, body),
    },
  };
}

/** Posts a signed event to `url` as Resend would, and returns the receiver's answer. */
export async function deliverResendWebhook(
  url: string,
  secret: string,
  type: ResendEventType,
  email: ResendEventEmail,
  options: { id?: string; timestamp?: Date } = {},
): Promise<Response> {
  const signed = signResendWebhook(secret, JSON.stringify(resendEventBody(type, email, options.timestamp)), options);
  return fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
}
