// The Inbox page: a workspace's inbound messages (replies, auto-replies, requests to stop) newest first,
// with the lead and campaign each belongs to.
import type { ReplyKind } from '@switchboard/core';
import type { Db } from '../client.ts';
import { containsPattern } from './like-pattern.ts';

export interface InboxMessage {
  id: string;
  kind: ReplyKind;
  fromAddress: string;
  subject: string;
  /** The start of the message's own words, white space collapsed (see INBOX_PREVIEW_MAX_CHARS). */
  preview: string;
  receivedAt: Date;
  leadId: string;
  leadName: string;
  /** Known when the reply named the send it answers and the campaign still exists. */
  campaignId: string | null;
  campaignName: string | null;
  /** Written by the sandbox recipient, not a person. */
  simulated: boolean;
}

export interface InboxQuery {
  workspaceId: string;
  kind?: ReplyKind | undefined;
  campaignId?: string | undefined;
  /** One lead's messages, from lead_messages_lead_idx. */
  leadId?: string | undefined;
  /**
   * Part of the sender's address or the subject (at least three characters, for the trigram index).
   * The index is asked with the joined text, and each column is tested too: a match across the two is no result.
   */
  search?: string | undefined;
  /** The last message's id on the previous page. */
  after?: string | undefined;
  limit: number;
}

/** A row shows a line of the message; a message can be 100,000 characters. */
export const INBOX_PREVIEW_MAX_CHARS = 160;


/**
 * One page, newest first, keyset-paged on (received_at, id) from one of the inbox indexes (kind,
 * campaign, or all). A cursor from another workspace finds no message to page after: the page is empty.
 */
export async function listInboxMessages(sql: Db, query: InboxQuery): Promise<InboxMessage[]> {
  const limit = Math.max(1, Math.min(200, Math.floor(query.limit)));
  const search = query.search?.trim();
  return sql<InboxMessage[]>`
    select m.id, m.kind, m.from_address as "fromAddress", m.subject,
           left(regexp_replace(left(m.text, ${INBOX_PREVIEW_MAX_CHARS * 4}), '\\s+', ' ', 'g'), ${INBOX_PREVIEW_MAX_CHARS}) as preview,
           m.received_at as "receivedAt", m.lead_id as "leadId", l.name as "leadName", c.id as "campaignId", c.name as "campaignName",
           m.simulated
    from lead_messages m
    join leads l on l.id = m.lead_id and l.workspace_id = m.workspace_id
    left join campaigns c on c.id = m.campaign_id and c.workspace_id = m.workspace_id
    where m.workspace_id = ${query.workspaceId}
      ${query.kind ? sql`and m.kind = ${query.kind}` : sql``}
      ${query.campaignId ? sql`and m.campaign_id = ${query.campaignId}` : sql``}
      ${query.leadId ? sql`and m.lead_id = ${query.leadId}` : sql``}
      ${search ? sql`and (m.from_address || ' ' || m.subject) ilike ${containsPattern(search)} and (m.from_address ilike ${containsPattern(search)} or m.subject ilike ${containsPattern(search)})` : sql``}
      ${query.after ? sql`and (m.received_at, m.id) < (select a.received_at, a.id from lead_messages a where a.workspace_id = ${query.workspaceId} and a.id = ${query.after})` : sql``}
    order by m.received_at desc, m.id desc
    limit ${limit}`;
}
