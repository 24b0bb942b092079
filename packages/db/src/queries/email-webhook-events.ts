import type { Db } from '../client.ts';

export type EmailWebhookProvider = 'resend';

export interface EmailWebhookEvent {
  id: string;
  provider: EmailWebhookProvider;
  providerEventId: string;
  workspaceId: string | null;
  type: string;
  payload: Record<string, unknown>;
  receivedAt: Date;
  processedAt: Date | null;
}

/** Stores a verified event unless one with its provider event id is stored already; `stored: false` is a replay. */
export async function storeEmailWebhookEvent(
  sql: Db,
  input: { provider: EmailWebhookProvider; providerEventId: string; type: string; payload: Record<string, unknown> },
): Promise<{ stored: true; id: string } | { stored: false }> {
  const [row]: [{ id: string }?] = await sql`
    insert into email_webhook_events (provider, provider_event_id, type, payload)
    values (${input.provider}, ${input.providerEventId}, ${input.type}, ${sql.json(input.payload as never)})
    on conflict (provider, provider_event_id) do nothing
    returning id`;
  return row ? { stored: true, id: row.id } : { stored: false };
}

/** Takes back a just-stored event whose job could not be queued, so the provider's redelivery stores it again. */
export async function forgetEmailWebhookEvent(sql: Db, id: string): Promise<void> {
  await sql`delete from email_webhook_events where id = ${id} and processed_at is null`;
}

export async function findEmailWebhookEvent(sql: Db, id: string): Promise<EmailWebhookEvent | null> {
  const [row]: [EmailWebhookEvent?] = await sql`
    select id, provider, provider_event_id as "providerEventId", workspace_id as "workspaceId", type, payload,
      received_at as "receivedAt", processed_at as "processedAt"
    from email_webhook_events
    where id = ${id}`;
  return row ?? null;
}

/**
 * The event, locked for the caller's transaction so two jobs applying it cannot both go on: the second
 * waits, then finds it processed.
 */
export async function lockEmailWebhookEvent(sql: Db, id: string): Promise<EmailWebhookEvent | null> {
  const [row]: [EmailWebhookEvent?] = await sql`
    select id, provider, provider_event_id as "providerEventId", workspace_id as "workspaceId", type, payload,
      received_at as "receivedAt", processed_at as "processedAt"
    from email_webhook_events
    where id = ${id}
    for update`;
  return row ?? null;
}

/** Marks the event applied, with the workspace it concerned (when one was found) and what it did or why it did nothing. */
export async function markEmailWebhookEventProcessed(sql: Db, input: { id: string; workspaceId: string | null; outcome: string }): Promise<void> {
  await sql`
    update email_webhook_events set processed_at = now(), workspace_id = coalesce(${input.workspaceId}, workspace_id), outcome = ${input.outcome.slice(0, 500)}
    where id = ${input.id} and processed_at is null`;
}
