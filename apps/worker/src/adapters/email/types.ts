import type { EmailProviderName, TransactionSql, Sql } from '@switchboard/db';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Sent to providers that honour one (Resend), so even a provider-side retry cannot duplicate. */
  idempotencyKey: string;
  /** A one-time link inside `text` (sign-in, reset). The sandbox outbox stores it apart and shows a placeholder. */
  secretLink?: string;
}

export interface DeliveryTarget {
  sql: Sql | TransactionSql;
  deliveryId: string;
  workspaceId: string | null;
  /** The workspaces whose admins may read this email in the sandbox outbox (admins of all of them). */
  recipientWorkspaceIds: readonly string[];
}

export interface EmailSender {
  provider: EmailProviderName;
  send(message: EmailMessage, target: DeliveryTarget): Promise<{ providerMessageId: string | null }>;
}

/** The provider said no before accepting the message: trying again cannot send it twice. */
export class EmailRefused extends Error {
  override readonly name = 'EmailRefused';
}
