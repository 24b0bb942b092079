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
 * The rows of `query`, ordered by day, campaign, step and mailbox, read from the counts the database keeps per
 * quarter-hour (migration 0050): a reply counts for the send it names (In-Reply-To), else for the lead's latest
 * email sent before it; an unsubscribe counts for the send whose link was used, or whose reply asked to stop.
 * Every zone's days begin on a quarter-hour, so a quarter-hour's emails all fall on one day.
 */
export function outreachAnalytics(sql: Db, query: OutreachAnalyticsQuery): Promise<OutreachAnalyticsRow[]> {
  const { workspaceId, timeZone } = query;
  return sql<OutreachAnalyticsRow[]>`
    with bounds as materialized (
      select (${query.from}::date::timestamp at time zone ${timeZone}) as lo,
             ((${query.to}::date + 1)::timestamp at time zone ${timeZone}) as hi
    ),
    counted as (
      select (c.sent_in at time zone ${timeZone})::date as day, c.campaign_id, c.step_id, c.mailbox_id,
        -- A row whose emails were all deleted keeps its position: it is no row.
        min(c.step_position) filter (where c.sent > 0)::int as step_position,
        sum(c.sent)::int as sent, sum(c.delivered)::int as delivered, sum(c.bounced)::int as bounced, sum(c.complained)::int as complained,
        sum(c.replied)::int as replied, sum(c.unsubscribed)::int as unsubscribed
      from outreach_analytics_counts c, bounds b
      where c.workspace_id = ${workspaceId} and c.sent_in >= b.lo and c.sent_in < b.hi
        ${query.campaignId ? sql`and c.campaign_id = ${query.campaignId}` : sql``}
      group by 1, 2, 3, 4
      having sum(c.sent) > 0
    )
    select to_char(c.day, 'YYYY-MM-DD') as day, c.campaign_id as "campaignId", coalesce(cp.name, '') as "campaignName", c.step_id as "stepId", c.step_position as "stepPosition",
           c.mailbox_id as "mailboxId", mb.from_address as "mailboxAddress",
           c.sent, c.delivered, c.bounced, c.complained, c.replied, c.unsubscribed
    from counted c
    left join campaigns cp on cp.id = c.campaign_id and cp.workspace_id = ${workspaceId}
    left join mailboxes mb on mb.id = c.mailbox_id and mb.workspace_id = ${workspaceId}
    order by c.day, cp.name, c.campaign_id, c.step_position, c.step_id, mb.from_address nulls last, c.mailbox_id`;
}
