// Messages on a lead's timeline: today the replies that came in (found by the webhook job or IMAP).
import type { ReplyKind } from '@switchboard/core';
import type { Db } from '../client.ts';

export interface LeadMessage {
  id: string;
  workspaceId: string;
  leadId: string;
  sendId: string | null;
  /** The campaign of the send it answers (null when it named none, or once the campaign is deleted). */
  campaignId: string | null;
  direction: 'inbound';
  kind: ReplyKind;
  fromAddress: string;
  subject: string;
  text: string;
  receivedAt: Date;
  providerEventId: string;
  /** Written by the sandbox recipient, not a person: shown with a "Sandbox" label. */
  simulated: boolean;
}

/** The campaign is taken from the send, in the same statement; a message is a real one unless said `simulated`. */
export type NewLeadMessage = Omit<LeadMessage, 'id' | 'campaignId' | 'simulated'> & { simulated?: boolean };

const COLUMNS = (sql: Db) => sql`
  id, workspace_id as "workspaceId", lead_id as "leadId", send_id as "sendId", campaign_id as "campaignId", direction, kind, from_address as "fromAddress",
  subject, text, received_at as "receivedAt", provider_event_id as "providerEventId", simulated`;

/** Stores a message once per provider event; a second store of the same event returns null. */
export async function addLeadMessage(sql: Db, message: NewLeadMessage): Promise<LeadMessage | null> {
  const [row]: [LeadMessage?] = await sql`
    insert into lead_messages (workspace_id, lead_id, send_id, campaign_id, direction, kind, from_address, subject, text, received_at, provider_event_id, simulated)
    values (${message.workspaceId}, ${message.leadId}, ${message.sendId},
            (select campaign_id from sends where id = ${message.sendId} and workspace_id = ${message.workspaceId}), ${message.direction}, ${message.kind}, ${message.fromAddress.slice(0, 320)},
            ${message.subject.slice(0, 1000)}, ${message.text.slice(0, 100_000)}, ${message.receivedAt}, ${message.providerEventId}, ${message.simulated ?? false})
    on conflict (provider_event_id) do nothing
    returning ${COLUMNS(sql)}`;
  return row ?? null;
}

/** A lead's messages, newest first. */
export async function listLeadMessages(sql: Db, workspaceId: string, leadId: string, limit = 100): Promise<LeadMessage[]> {
  return sql<LeadMessage[]>`
    select ${COLUMNS(sql)} from lead_messages
    where workspace_id = ${workspaceId} and lead_id = ${leadId}
    order by received_at desc, id desc
    limit ${limit}`;
}
