// What a workspace's emails did, per day × campaign × step × mailbox. Every figure belongs to the
// send it is about, and so to the day that email was sent (in the time zone asked for): "replied"
// counts the emails sent that day that drew a reply, whenever the reply came.
import type { Db } from '../../client.ts';

export interface OutreachAnalyticsQuery {
  workspaceId: string;
  /** One campaign, or the whole workspace. */
  campaignId: string | null;
  /** Calendar days, inclusive (YYYY-MM-DD), read in `timeZone`. The caller bounds the span. */
  from: string;
  to: string;
  /** An IANA zone the database knows (the caller checks it). */
  timeZone: string;
}

export interface OutreachAnalyticsRow {
  /** YYYY-MM-DD in the query's time zone. */
  day: string;
  campaignId: string;
  campaignName: string;
  stepId: string;
  /** The step's position when its sends were planned (0 = first). */
  stepPosition: number;
  mailboxId: string | null;
  /** The mailbox's from address (null when it was deleted, or for a send with none). */
  mailboxAddress: string | null;
  sent: number;
  delivered: number;
  /** Hard bounces: a soft bounce is recorded as a delay and may still deliver. */
  bounced: number;
  complained: number;
  replied: number;
  unsubscribed: number;
}

/**
 * The rows of `query`, ordered by day, campaign, step and mailbox. A reply counts for the send it
 * names (In-Reply-To), else for the lead's latest email sent before it; an unsubscribe counts for the
 * send whose link was used, or whose reply asked to stop. Messages and unsubscribes are read from the
 * range's first day on (none can come before its email), through their own indexes.
 */
export function outreachAnalytics(sql: Db, query: OutreachAnalyticsQuery): Promise<OutreachAnalyticsRow[]> {
  const { workspaceId, timeZone } = query;
  return sql<OutreachAnalyticsRow[]>`
    with bounds as materialized (
      select (${query.from}::date::timestamp at time zone ${timeZone}) as lo,
             ((${query.to}::date + 1)::timestamp at time zone ${timeZone}) as hi
    ),
    sent as (
      select s.id, s.campaign_id, s.step_id, s.step_position, s.mailbox_id, s.sent_at, s.delivered_at, s.delivery
      from sends s, bounds b
      where s.workspace_id = ${workspaceId} and s.sent_at is not null and s.sent_at >= b.lo and s.sent_at < b.hi
        and s.channel = 'email' -- contact form submissions are not emails: no delivery, bounce or reply to count
        ${query.campaignId ? sql`and s.campaign_id = ${query.campaignId}` : sql``}
    ),
    answers as materialized (
      select m.kind, coalesce(m.send_id, (
        select l.id from sends l
        where l.lead_id = m.lead_id and l.workspace_id = ${workspaceId} and l.channel = 'email' and l.sent_at <= m.received_at
        order by l.sent_at desc limit 1
      )) as send_id
      from lead_messages m, bounds b
      where m.workspace_id = ${workspaceId} and m.kind in ('reply', 'unsubscribe_request') and m.received_at >= b.lo
    ),
    replied as materialized (
      select distinct send_id from answers where kind = 'reply' and send_id is not null
    ),
    unsubscribed as materialized (
      select send_id from answers where kind = 'unsubscribe_request' and send_id is not null
      union
      select u.send_id from suppressions u, bounds b
      where u.workspace_id = ${workspaceId} and u.source = 'unsubscribe' and u.send_id is not null and u.created_at >= b.lo
    ),
    counted as (
      select (sent.sent_at at time zone ${timeZone})::date as day, sent.campaign_id, sent.step_id, sent.mailbox_id,
        min(sent.step_position)::int as step_position,
        count(*)::int as sent,
        count(*) filter (where sent.delivered_at is not null)::int as delivered,
        count(*) filter (where sent.delivery = 'bounced')::int as bounced,
        count(*) filter (where sent.delivery = 'complained')::int as complained,
        count(r.send_id)::int as replied,
        count(u.send_id)::int as unsubscribed
      -- Joins, not "in (subquery)": a join spills to disk when the sets are large, a subquery past work_mem is looked up row by row.
      from sent
      left join replied r on r.send_id = sent.id
      left join unsubscribed u on u.send_id = sent.id
      group by 1, 2, 3, 4
    )
    select to_char(c.day, 'YYYY-MM-DD') as day, c.campaign_id as "campaignId", coalesce(cp.name, '') as "campaignName", c.step_id as "stepId", c.step_position as "stepPosition",
           c.mailbox_id as "mailboxId", mb.from_address as "mailboxAddress",
           c.sent, c.delivered, c.bounced, c.complained, c.replied, c.unsubscribed
    from counted c
    left join campaigns cp on cp.id = c.campaign_id and cp.workspace_id = ${workspaceId}
    left join mailboxes mb on mb.id = c.mailbox_id and mb.workspace_id = ${workspaceId}
    order by c.day, cp.name, c.campaign_id, c.step_position, c.step_id, mb.from_address nulls last, c.mailbox_id`;
}
