import type { Sql } from '../client.ts';
import { createCampaign } from '../queries/campaigns.ts';
import { availableSlug, createWorkspace } from '../queries/workspaces.ts';

const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places'] as 'places'[] };

/**
 * `count` leads in outreach in one new campaign of the workspace, written in a few set-based statements
 * (generate_series), for query-plan tests and the bench. Each lead is enrolled and emailed 1 to
 * `emailsPerLead` times (default 1), its first email 3–89 days ago and the next a day apart; about 1 in
 * 3 emails opened, 1 in 20 clicked, 1 in 50 bounced. About 1 in 10 leads replied, 1 in 50 sent an
 * auto-reply, 1 in 20 was called (most answered). With `scored`, each lead has a stored score as a
 * refresh would leave it (status from the score, not from the rule). Lead `n` is named "Lead <n>".
 * Which lead gets what follows from a hash of its random id, so the shares are approximate. With
 * `sendingHours`, each email goes at its own minute within that many hours (else all of a day's at one time), and
 * with `mailboxIds` from one of them, as a real campaign's do.
 */
export async function seedEngagedLeads(
  sql: Sql,
  input: { workspaceId: string; count: number; emailsPerLead?: number; scored?: boolean; sendingHours?: number; mailboxIds?: readonly string[] },
): Promise<{ campaignId: string }> {
  const ws = input.workspaceId;
  const emailsPerLead = Math.max(1, Math.floor(input.emailsPerLead ?? 1));
  const sendingMinutes = Math.max(1, Math.round((input.sendingHours ?? 0) * 60));
  const mailboxIds = input.mailboxIds ?? [];
  const campaign = await createCampaign(sql, { workspaceId: ws, name: `Engaged ${input.count}`, timeZone: 'UTC', target: TARGET, createdBy: null });
  await sql`
    with new_leads as (
      insert into leads (workspace_id, campaign_id, name)
      select ${ws}, ${campaign.id}, 'Lead ' || n from generate_series(1, ${input.count}::int) n
      returning id, campaign_id
    )
    insert into enrolments (workspace_id, campaign_id, lead_id, email)
    select ${ws}, campaign_id, id, 'lead-' || id || '@leads.test' from new_leads`;
  await sql`
    insert into sends (workspace_id, campaign_id, enrolment_id, lead_id, step_id, step_position, idempotency_key, message_id, to_address,
                       status, mailbox_id, provider, sent_at, delivery, delivered_at, opened_at, clicked_at, bounced_at, updated_at)
    select e.workspace_id, e.campaign_id, e.id, e.lead_id, 's' || st, st, e.id || ':' || st, '<' || e.id || '.' || st || '@engaged.test>', e.email,
           'sent', (${mailboxIds}::uuid[])[1 + lead.h % greatest(cardinality(${mailboxIds}::uuid[]), 1)], 'sandbox', at.sent_at, case when fate.bounced then 'bounced' else 'delivered' end, case when not fate.bounced then at.sent_at + interval '1 minute' end,
           case when fate.opened then at.sent_at + interval '1 hour' end, case when fate.clicked then at.sent_at + interval '2 hours' end,
           case when fate.bounced then at.sent_at + interval '1 minute' end,
           at.sent_at + case when fate.clicked then interval '2 hours' when fate.opened then interval '1 hour' else interval '1 minute' end
    from enrolments e
    cross join lateral (select abs(hashtext(e.id::text)) as h) lead
    cross join generate_series(0, ${emailsPerLead - 1}::int) st
    cross join lateral (select now() - (3 + lead.h % 87) * interval '1 day' + st * interval '1 day' - (abs(hashtext(e.id || ':' || st || ':minute')) % ${sendingMinutes}::int) * interval '1 minute' as sent_at,
                               abs(hashtext(e.id || ':' || st)) % 100 as roll) at
    cross join lateral (select at.roll < 2 as bounced, at.roll >= 2 and at.roll < 35 as opened, at.roll >= 2 and at.roll < 7 as clicked) fate
    where e.workspace_id = ${ws} and e.campaign_id = ${campaign.id} and st < 1 + lead.h % ${emailsPerLead}::int`;
  await sql`
    insert into lead_messages (workspace_id, lead_id, send_id, direction, kind, from_address, received_at, provider_event_id)
    select s.workspace_id, s.lead_id, s.id, 'inbound', case when m.roll < 10 then 'reply' else 'out_of_office' end, s.to_address,
           s.sent_at + interval '2 days', 'engaged-' || s.id
    from sends s cross join lateral (select abs(hashtext('message:' || s.lead_id)) % 100 as roll) m
    where s.workspace_id = ${ws} and s.campaign_id = ${campaign.id} and s.step_position = 0 and m.roll < 12`;
  await sql`
    insert into calls (workspace_id, campaign_id, lead_id, to_number, phone_number_id, attempt, attempt_key, status, dialing_at, answered_at, ended_at, updated_at)
    select e.workspace_id, e.campaign_id, e.lead_id, '+1512' || lpad((row_number() over ())::text, 7, '0'), 'pn-engaged', 1, 'engaged:' || e.id,
           case when c.roll < 4 then 'completed' else 'no_answer' end, c.at, case when c.roll < 4 then c.at + interval '20 seconds' end,
           c.at + interval '2 minutes', c.at + interval '2 minutes'
    from enrolments e
    cross join lateral (select abs(hashtext('call:' || e.lead_id)) % 100 as roll, now() - (1 + abs(hashtext('call-day:' || e.lead_id)) % 30) * interval '1 day' as at) c
    where e.workspace_id = ${ws} and e.campaign_id = ${campaign.id} and c.roll < 5`;
  if (input.scored) {
    await sql`
      insert into lead_health (lead_id, workspace_id, score, status, reasons, signals, computed_at)
      select id, workspace_id, score, case when score >= 60 then 'healthy' when score >= 30 then 'at_risk' when score >= 10 then 'critical' else 'ghost' end,
             '["1 email unanswered with no reply yet"]', '{}', now()
      from (select id, workspace_id, get_byte(uuid_send(id), 14) % 101 as score from leads where workspace_id = ${ws} and campaign_id = ${campaign.id}) l`;
  }
  return { campaignId: campaign.id };
}

/**
 * The plan tests' ground: a new workspace named `name` with `count` engaged leads in one campaign (as
 * seedEngagedLeads), beside another new workspace with a twentieth as many, so a query that forgets its
 * workspace reads rows it must not. Not vacuumed: a test adds its own rows first.
 */
export async function seedBusyWorkspace(
  sql: Sql,
  input: { name: string; count: number; emailsPerLead?: number; scored?: boolean },
): Promise<{ workspaceId: string; campaignId: string }> {
  const { name, ...leads } = input;
  const workspaceId = (await createWorkspace(sql, { name, slug: await availableSlug(sql, name) })).id;
  const other = (await createWorkspace(sql, { name: `Other ${name}`, slug: await availableSlug(sql, `Other ${name}`) })).id;
  const { campaignId } = await seedEngagedLeads(sql, { workspaceId, ...leads });
  await seedEngagedLeads(sql, { workspaceId: other, count: Math.floor(input.count / 20) });
  return { workspaceId, campaignId };
}
