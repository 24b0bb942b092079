import type { Db } from '../client.ts';

export interface CallWebhookEvent {
  id: string;
  eventKey: string;
  workspaceId: string | null;
  callId: string | null;
  vapiCallId: string | null;
  type: string;
  payload: Record<string, unknown>;
  receivedAt: Date;
  processedAt: Date | null;
  outcome: string | null;
}

const EVENT_COLUMNS = (sql: Db) => sql`
  id, event_key as "eventKey", workspace_id as "workspaceId", call_id as "callId", vapi_call_id as "vapiCallId", type, payload,
  received_at as "receivedAt", processed_at as "processedAt", outcome`;

/** Stores a verified Vapi event unless one with its key is stored already; `stored: false` is a replay or a redelivery. */
export async function storeCallWebhookEvent(
  sql: Db,
  input: { eventKey: string; vapiCallId: string | null; type: string; payload: Record<string, unknown>; callId?: string | null },
): Promise<{ stored: true; id: string; workspaceId: string | null } | { stored: false }> {
  // Attributed as it is stored to the workspace of the call it names, when that call is ours: by Vapi's call
  // id, else by our call id in its metadata (a first status can arrive before Vapi's id is stored with the call).
  const callId = input.callId && UUID.test(input.callId) ? input.callId : null;
  const [row]: [{ id: string; workspaceId: string | null }?] = await sql`
    insert into call_webhook_events (provider, event_key, vapi_call_id, type, payload, workspace_id)
    values ('vapi', ${input.eventKey}, ${input.vapiCallId}, ${input.type}, ${sql.json(input.payload as never)}, coalesce(
      (select c.workspace_id from calls c where c.vapi_call_id = ${input.vapiCallId}),
      (select c.workspace_id from calls c where c.id = ${callId}::uuid)))
    on conflict (provider, event_key) do nothing
    returning id, workspace_id as "workspaceId"`;
  return row ? { stored: true, id: row.id, workspaceId: row.workspaceId } : { stored: false };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Takes back a just-stored event whose job could not be queued, so Vapi's redelivery stores it again. */
export async function forgetCallWebhookEvent(sql: Db, id: string): Promise<void> {
  await sql`delete from call_webhook_events where id = ${id} and processed_at is null`;
}

export async function findCallWebhookEvent(sql: Db, id: string): Promise<CallWebhookEvent | null> {
  const [row]: [CallWebhookEvent?] = await sql`select ${EVENT_COLUMNS(sql)} from call_webhook_events where id = ${id}`;
  return row ?? null;
}

export async function findCallWebhookEventByKey(sql: Db, eventKey: string): Promise<CallWebhookEvent | null> {
  const [row]: [CallWebhookEvent?] = await sql`select ${EVENT_COLUMNS(sql)} from call_webhook_events where provider = 'vapi' and event_key = ${eventKey}`;
  return row ?? null;
}

/** The event, locked for the caller's transaction: a second job applying it waits, then finds it processed. */
export async function lockCallWebhookEvent(sql: Db, id: string): Promise<CallWebhookEvent | null> {
  const [row]: [CallWebhookEvent?] = await sql`select ${EVENT_COLUMNS(sql)} from call_webhook_events where id = ${id} for update`;
  return row ?? null;
}

/** Marks the event applied, with the call and workspace it concerned (when found) and what it did or why it did nothing. */
export async function markCallWebhookEventProcessed(sql: Db, input: { id: string; workspaceId: string | null; callId: string | null; outcome: string }): Promise<void> {
  await sql`
    update call_webhook_events set processed_at = now(), workspace_id = coalesce(${input.workspaceId}, workspace_id),
           call_id = coalesce(${input.callId}, call_id), outcome = ${input.outcome.slice(0, 500)}
    where id = ${input.id} and processed_at is null`;
}
