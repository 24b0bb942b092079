import type { Sql, TransactionSql } from '../client.ts';

type Db = Sql | TransactionSql;

export type EmailProviderName = 'sandbox' | 'resend' | 'smtp';

export type DeliveryClaim =
  | { outcome: 'claimed'; deliveryId: string }
  /** Already sent by an earlier attempt: do nothing. */
  | { outcome: 'already_sent' }
  /** An earlier attempt died mid-send; whether the provider accepted is unknown, so it is not resent. */
  | { outcome: 'in_doubt' };

/**
 * Claims the right to send the email identified by `idempotencyKey`, before calling any provider.
 * A new key, or one whose earlier attempt failed cleanly, is claimed; anything else is not.
 */
export async function claimEmailDelivery(
  sql: Db,
  input: { idempotencyKey: string; workspaceId: string | null; to: string; subject: string; provider: EmailProviderName },
): Promise<DeliveryClaim> {
  const [created]: [{ id: string }?] = await sql`
    insert into email_deliveries (idempotency_key, workspace_id, to_address, subject, provider, status)
    values (${input.idempotencyKey}, ${input.workspaceId}, ${input.to}, ${input.subject}, ${input.provider}, 'sending')
    on conflict (idempotency_key) do nothing
    returning id`;
  if (created) return { outcome: 'claimed', deliveryId: created.id };
  const [retried]: [{ id: string }?] = await sql`
    update email_deliveries set status = 'sending', error = null
    where idempotency_key = ${input.idempotencyKey} and status = 'failed'
    returning id`;
  if (retried) return { outcome: 'claimed', deliveryId: retried.id };
  const [existing]: [{ status: string }?] = await sql`select status from email_deliveries where idempotency_key = ${input.idempotencyKey}`;
  return existing?.status === 'sent' ? { outcome: 'already_sent' } : { outcome: 'in_doubt' };
}

export async function markEmailSent(sql: Db, deliveryId: string, providerMessageId: string | null): Promise<void> {
  await sql`
    update email_deliveries set status = 'sent', provider_message_id = ${providerMessageId}, sent_at = now()
    where id = ${deliveryId}`;
}

/** The provider refused before accepting: safe to try again. */
export async function markEmailFailed(sql: Db, deliveryId: string, error: string): Promise<void> {
  await sql`update email_deliveries set status = 'failed', error = ${error} where id = ${deliveryId}`;
}

export interface OutboxEmail {
  id: string;
  to: string;
  subject: string;
  bodyText: string;
  createdAt: Date;
}

export async function insertOutboxEmail(
  sql: Db,
  input: { deliveryId: string; workspaceId: string | null; to: string; subject: string; bodyText: string },
): Promise<string> {
  const [row]: [{ id: string }?] = await sql`
    insert into sandbox_outbox (delivery_id, workspace_id, to_address, subject, body_text)
    values (${input.deliveryId}, ${input.workspaceId}, ${input.to}, ${input.subject}, ${input.bodyText})
    returning id`;
  if (!row) throw new Error('Sandbox email was not stored');
  return row.id;
}

/** The sandbox outbox, newest first: emails "sent" while no email provider is configured. */
export async function listOutbox(sql: Db, limit: number): Promise<OutboxEmail[]> {
  return sql<OutboxEmail[]>`
    select id, to_address as "to", subject, body_text as "bodyText", created_at as "createdAt"
    from sandbox_outbox order by created_at desc limit ${limit}`;
}
