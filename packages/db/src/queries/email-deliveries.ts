import type { Db } from '../client.ts';


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

/** `provider` is the one that took it, when that is not the one claimed with (a failover to the fallback). */
export async function markEmailSent(sql: Db, deliveryId: string, providerMessageId: string | null, provider?: EmailProviderName): Promise<void> {
  await sql`
    update email_deliveries
    set status = 'sent', provider_message_id = ${providerMessageId}, sent_at = now(), provider = coalesce(${provider ?? null}, provider)
    where id = ${deliveryId}`;
}

/** The provider refused before accepting: safe to try again. */
export async function markEmailFailed(sql: Db, deliveryId: string, error: string): Promise<void> {
  await sql`update email_deliveries set status = 'failed', error = ${error} where id = ${deliveryId}`;
}
