// The Analytics page's query before its figures were stored (migration 0050): it counts every email sent in the
// range and every reply and unsubscribe since its first day, live. Kept for tests only, as the reference the
// stored counts must equal; the one change is the tie-break between two emails sent at the same instant
// (the later id), which the old query left to chance.
import type { Db } from '../client.ts';
import type { OutreachAnalyticsQuery, OutreachAnalyticsRow } from '../queries/outreach/analytics.ts';

export function countOutreachAnalyticsLive(sql: Db, query: OutreachAnalyticsQuery): Promise<OutreachAnalyticsRow[]> {
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
        and s.channel = 'email'
        ${query.campaignId ? sql`and s.campaign_id = ${query.campaignId}` : sql``}
    ),
    answers as materialized (
      select m.kind, coalesce(m.send_id, (
        select l.id from sends l
        where l.lead_id = m.lead_id and l.workspace_id = ${workspaceId} and l.channel = 'email' and l.sent_at <= m.received_at
        order by l.sent_at desc, l.id desc limit 1
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
