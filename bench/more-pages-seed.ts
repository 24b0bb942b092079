import type { Sql } from '@switchboard/db';
import { seedEngagedLeads } from '@switchboard/db/testing';

/** Sources and inbound messages of the one lead whose page is measured with a long history. */
export const BUSY_LEAD_SOURCES = 3_000;
export const BUSY_LEAD_MESSAGES = 3_000;
// Each message's text is made distinct by its number: identical strings would be sent once in a page's data.
const REPLY_TEXT = 'Thanks for reaching out. We are interested, but our busy season starts next month; could you send pricing for a team of four and the terms for a year? '
  .repeat(4);
const EMAIL_TEXT = 'Hi there, I noticed your shop in Austin and wanted to share how other plumbers book 20% more jobs with us. Worth a short call next week? '.repeat(5);

export interface SeededWorkspace {
  campaignId: string;
  /** A lead of the campaign with BUSY_LEAD_SOURCES sources and BUSY_LEAD_MESSAGES messages. */
  busyLeadId: string;
}

/**
 * About `rows` rows in each table a dashboard page lists, for one workspace, in a few set-based
 * statements: `rows / 2` engaged leads in one campaign (enrolled, emailed about twice each, so about
 * `rows` sends from four mailboxes, each with its sandbox-outbox email; ~12 % of the sequences stopped for a
 * reply or an unsubscribe), `rows` inbound messages, `rows` finished calls
 * (two attempts per lead), `rows` audit entries and `rows` suppressions; and one lead with thousands
 * of sources and messages. Values are shaped like a live workspace's (kinds, statuses, spread over
 * months), not all alike, so the planner sees realistic statistics. Vacuumed and analysed.
 */
export async function seedDashboardRows(sql: Sql, input: { workspaceId: string; actorUserId: string; rows: number }): Promise<SeededWorkspace> {
  const ws = input.workspaceId;
  const rows = input.rows;
  // Four mailboxes sending through a ten-hour working day, each email at its own minute, as a live campaign's go
  // (the Analytics page counts them per day, step and mailbox: all of a day's at one instant would flatter it).
  const mailboxIds = (await sql<{ id: string }[]>`
    insert into mailboxes (workspace_id, from_name, from_address, provider)
    select ${ws}, 'Sender ' || g, 'sender' || g || '@' || ${ws} || '.test', 'resend' from generate_series(1, 4) g
    returning id`).map((row) => row.id);
  const { campaignId } = await seedEngagedLeads(sql, { workspaceId: ws, count: Math.round(rows / 2), emailsPerLead: 3, sendingHours: 10, mailboxIds });
  // Every campaign send is in the sandbox outbox, as the sandbox provider leaves it.
  await sql`
    with emails as (
      insert into sandbox_outbox (workspace_id, send_id, to_address, subject, body_text, created_at)
      select s.workspace_id, s.id, s.to_address, 'Quick question about your plumbing business (' || s.step_position + 1 || ')', 'Lead ' || s.lead_id || ': ' || ${EMAIL_TEXT}, s.sent_at
      from sends s where s.workspace_id = ${ws} and s.campaign_id = ${campaignId}
      returning id, workspace_id
    )
    insert into sandbox_outbox_workspaces (outbox_id, workspace_id) select id, workspace_id from emails`;
  // Inbound mail on top of the seeded replies: replies, auto-replies and stop requests to the campaign's emails, over three months.
  const [{ sends }] = (await sql`select count(*)::int as sends from sends where workspace_id = ${ws} and campaign_id = ${campaignId}`) as unknown as [{ sends: number }];
  await sql`
    with numbered as (
      select id, lead_id, campaign_id, row_number() over (order by id) - 1 as i from sends where workspace_id = ${ws} and campaign_id = ${campaignId}
    )
    insert into lead_messages (workspace_id, lead_id, send_id, campaign_id, direction, kind, from_address, subject, text, received_at, provider_event_id)
    select ${ws}, s.lead_id, s.id, s.campaign_id, 'inbound',
           (array['reply', 'reply', 'reply', 'out_of_office', 'unsubscribe_request'])[1 + n % 5],
           'owner-' || n || '@business-' || n % 5000 || '.example.org',
           (array['Re: Quick question', 'Out of office: back Monday', 'Re: pricing', 'Automatic reply', 'Please remove me'])[1 + n % 5],
           '(' || n || ') ' || ${REPLY_TEXT}, now() - (n % 90) * interval '1 day' - (n % 1440) * interval '1 minute', 'bench-message-' || n
    from generate_series(1, ${rows}::int) n
    join numbered s on s.i = n % ${sends}::int`;
  // Replies and unsubscribes stop their leads' sequences, as the worker does (the board counts them per step): each lead
  // whose first email drew a reply in the engaged seed (~10 %) as replied, and ~2 % more as unsubscribed.
  await sql`
    update enrolments e set status = 'stopped', next_action_at = null, finished_at = now(), updated_at = now(),
           stop_reason = case when abs(hashtext('message:' || e.lead_id)) % 100 < 10 then 'replied' else 'unsubscribed' end
    where e.workspace_id = ${ws} and e.campaign_id = ${campaignId}
      and (abs(hashtext('message:' || e.lead_id)) % 100 < 10 or abs(hashtext('unsubscribe:' || e.lead_id)) % 100 < 2)`;
  // Two more finished attempts per enrolled lead (the engaged seed made some first ones), most unanswered; answered ones carry a summary and a cost.
  await sql`
    insert into calls (workspace_id, campaign_id, lead_id, to_number, phone_number_id, attempt, attempt_key, status, dialing_at, answered_at,
                       ended_at, duration_s, cost_usd, summary, ended_reason, created_at, updated_at)
    select e.workspace_id, e.campaign_id, e.lead_id, '+1737' || lpad((abs(hashtext(e.lead_id::text)) % 10000000)::text, 7, '0'), 'pn-bench', a.attempt,
           'bench-call:' || e.id || ':' || a.attempt, c.status, c.at, case when c.status = 'completed' then c.at + interval '15 seconds' end,
           c.at + interval '90 seconds', case when c.status = 'completed' then 75 end, case when c.status = 'completed' then 0.21 else 0.02 end,
           case when c.status = 'completed' then 'Spoke with the owner; asked for a follow-up email with pricing.' end,
           case c.status when 'completed' then 'customer-ended-call' when 'voicemail' then 'voicemail' else 'customer-did-not-answer' end, c.at, c.at + interval '90 seconds'
    from enrolments e
    cross join generate_series(2, 3) a(attempt)
    cross join lateral (
      select (array['completed', 'no_answer', 'no_answer', 'voicemail', 'busy', 'failed'])[1 + abs(hashtext(e.id || ':' || a.attempt)) % 6] as status,
             now() - (1 + abs(hashtext('call-day:' || e.id || a.attempt)) % 60) * interval '1 day' as at
    ) c
    where e.workspace_id = ${ws} and e.campaign_id = ${campaignId}`;
  await sql`
    insert into audit_log (workspace_id, scope, actor_user_id, actor_label, action, target_type, target_id, summary, ip, created_at)
    select ${ws}, 'workspace', case when n % 4 = 0 then null else ${input.actorUserId}::uuid end,
           case when n % 4 = 0 then 'system' when n % 4 = 1 then 'api token importer' else 'admin-' || n % 7 || '@bench.test' end,
           (array['lead.approve', 'lead.reject', 'campaign.update', 'suppression.import', 'auth.sign_in', 'lead.import', 'mailbox.imap_set'])[1 + n % 7],
           'lead', gen_random_uuid()::text, jsonb_build_object('from', 'pending_review', 'to', 'approved', 'note', 'bulk review ' || n),
           ('10.0.' || n % 250 || '.' || n % 200)::inet, now() - (${rows} - n) * interval '5 minutes'
    from generate_series(1, ${rows}::int) n`;
  await sql`
    insert into suppressions (workspace_id, kind, value, source, reason, created_at)
    select ${ws}, case when n % 10 = 0 then 'domain' else 'email' end,
           case when n % 10 = 0 then 'blocked-' || n || '.example.net' else 'person-' || n || '@company-' || n % 9000 || '.example.com' end,
           (array['unsubscribe', 'bounce', 'complaint', 'manual', 'import'])[1 + n % 5],
           case when n % 5 = 3 then 'Asked by phone not to be contacted' end, now() - (${rows} - n) * interval '2 minutes'
    from generate_series(1, ${rows}::int) n`;
  const [busy]: [{ id: string }?] = await sql`select id from leads where workspace_id = ${ws} and campaign_id = ${campaignId} order by name limit 1`;
  if (!busy) throw new Error('No lead was seeded.');
  await sql`
    insert into lead_sources (workspace_id, lead_id, kind, ref, evidence, found_at)
    select ${ws}, ${busy.id}, case when n % 2 = 0 then 'search' else 'website' end, 'https://directory-' || n || '.example.org/listing/' || n,
           jsonb_build_object('query', 'plumber austin', 'position', 1 + n % 10), now() - n * interval '1 hour'
    from generate_series(1, ${BUSY_LEAD_SOURCES}::int) n`;
  await sql`
    insert into lead_messages (workspace_id, lead_id, campaign_id, direction, kind, from_address, subject, text, received_at, provider_event_id)
    select ${ws}, ${busy.id}, ${campaignId}, 'inbound', (array['reply', 'out_of_office'])[1 + n % 2], 'owner@busy-lead.example.org',
           'Re: Quick question (' || n || ')', '(' || n || ') ' || ${REPLY_TEXT}, now() - n * interval '2 hours', 'bench-busy-' || n
    from generate_series(1, ${BUSY_LEAD_MESSAGES}::int) n`;
  // As autovacuum leaves tables after a bulk load; otherwise it would start in the middle of the timings.
  await sql`vacuum (analyze) leads, lead_sources, enrolments, sends, sandbox_outbox, sandbox_outbox_workspaces, lead_messages, calls, audit_log, suppressions`;
  return { campaignId, busyLeadId: busy.id };
}
