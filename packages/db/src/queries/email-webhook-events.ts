import type { Db } from '../client.ts';

/** 'sandbox': simulated by the sandbox recipient (apps/worker email-events/sandbox-recipient.ts), never a provider's. */
export type EmailWebhookProvider = 'resend' | 'sandbox';

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

/**
 * Stores a verified event unless one with its provider event id is stored already; `stored: false` is a
 * replay. The event is attributed to the workspace of the send it names (by the provider's email id,
 * else by our send id), when there is one; `workspaceId` is null otherwise (an inbound email, an unknown send).
 */
export async function storeEmailWebhookEvent(
  sql: Db,
  input: { provider: EmailWebhookProvider; providerEventId: string; type: string; payload: Record<string, unknown>; send?: { emailId: string | null; sendId: string | null } },
): Promise<{ stored: true; id: string; workspaceId: string | null } | { stored: false }> {
  const sendId = input.send?.sendId && UUID.test(input.send.sendId) ? input.send.sendId : null;
  const [row]: [{ id: string; workspaceId: string | null }?] = await sql`
    insert into email_webhook_events (provider, provider_event_id, type, payload, workspace_id)
    values (${input.provider}, ${input.providerEventId}, ${input.type}, ${sql.json(input.payload as never)}, coalesce(
      (select s.workspace_id from sends s where s.provider = ${input.provider} and s.provider_message_id = ${input.send?.emailId ?? null}),
      (select s.workspace_id from sends s where s.id = ${sendId}::uuid)))
    on conflict (provider, provider_event_id) do nothing
    returning id, workspace_id as "workspaceId"`;
  return row ? { stored: true, id: row.id, workspaceId: row.workspaceId } : { stored: false };
}

/** The id of the event stored under this provider event id, or null (for a producer whose store found it there already). */
export async function findEmailWebhookEventId(sql: Db, input: { provider: EmailWebhookProvider; providerEventId: string }): Promise<string | null> {
  const [row]: [{ id: string }?] = await sql`
    select id from email_webhook_events where provider = ${input.provider} and provider_event_id = ${input.providerEventId}`;
  return row?.id ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
