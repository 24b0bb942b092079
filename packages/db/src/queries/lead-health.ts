// Relationship health: the signals of each lead in outreach (sent emails, inbound messages, placed
// calls) read for the refresh job, the scores it stores, and the Health page's reads of them.
import type { LeadStatus, RelationshipHealth, RelationshipHealthStatus, RelationshipSignals } from '@switchboard/core';
import type { Db } from '../client.ts';

export interface LeadRelationshipSignals extends RelationshipSignals {
  leadId: string;
}

const HOUR_MS = 3_600_000;

/**
 * The workspace's leads with any outreach (a sent email, an inbound message or a placed call) whose
 * stored health is missing, older than maxAgeHours, or older than their latest activity; by lead id,
 * after `afterLeadId`.
 *
 * The engaged leads come from three index scans merged in lead id order (sends_health_idx,
 * calls_health_idx, lead_messages_lead_idx), each lead's aggregates from the same indexes, and the
 * limit stops the walk: a batch reads the leads it returns and the fresh ones between them, never the
 * leads table. "Activity" is the latest change to the lead's sent emails or placed calls (their
 * updated_at: an open, a bounce, an answer) or the storing of a message. A change stamped before `now`
 * but committed after the read is caught by the max age instead (rare, and bounded by it).
 */
export async function readStaleRelationshipSignals(
  sql: Db,
  input: { workspaceId: string; afterLeadId: string | null; limit: number; maxAgeHours: number; now: Date },
): Promise<LeadRelationshipSignals[]> {
  const ws = input.workspaceId;
  const limit = Math.max(1, Math.floor(input.limit));
  const staleBefore = new Date(input.now.getTime() - input.maxAgeHours * HOUR_MS);
  const after = () => (input.afterLeadId ? sql`and lead_id > ${input.afterLeadId}` : sql``);
  const rows = await sql<(Omit<LeadRelationshipSignals, 'touchesSinceLastResponse'> & { emailsAfter: number; callsAfter: number })[]>`
    select g.*,
      (select count(*)::int from sends s
        where s.workspace_id = ${ws} and s.lead_id = g."leadId" and s.status = 'sent' and s.channel = 'email'
          and s.sent_at > coalesce(greatest(g."lastReplyAt", g."lastAnsweredCallAt"), '-infinity')) as "emailsAfter",
      (select count(*)::int from calls c
        where c.workspace_id = ${ws} and c.lead_id = g."leadId" and c.dialing_at is not null
          and c.dialing_at > coalesce(greatest(g."lastReplyAt", g."lastAnsweredCallAt"), '-infinity')) as "callsAfter"
    from (
      select e.lead_id as "leadId",
             s.emails_sent as "emailsSent", s.last_email_sent_at as "lastEmailSentAt", s.emails_opened as "emailsOpened",
             s.emails_clicked as "emailsClicked", s.bounces, s.complaints,
             m.replies, m.last_reply_at as "lastReplyAt", m.auto_replies as "autoReplies", m.unsubscribe_requested as "unsubscribeRequested",
             c.calls_placed as "callsPlaced", c.calls_answered as "callsAnswered", c.last_call_at as "lastCallAt",
             c.last_answered_call_at as "lastAnsweredCallAt"
      from (
        -- union (not distinct over union all): deduplicated by merging the three ordered scans, so
        -- the limit stops the walk instead of hashing every later lead first.
        select lead_id from sends where workspace_id = ${ws} and status = 'sent' and channel = 'email' ${after()}
        union
        select lead_id from calls where workspace_id = ${ws} and dialing_at is not null ${after()}
        union
        select lead_id from lead_messages where workspace_id = ${ws} ${after()}
        order by lead_id
      ) e
      left join lead_health h on h.lead_id = e.lead_id and h.workspace_id = ${ws}
      cross join lateral (
        select count(*)::int as emails_sent, max(sent_at) as last_email_sent_at,
               count(opened_at)::int as emails_opened, count(clicked_at)::int as emails_clicked,
               count(bounced_at)::int as bounces, count(complained_at)::int as complaints, max(updated_at) as activity_at
        from sends where workspace_id = ${ws} and lead_id = e.lead_id and status = 'sent' and channel = 'email'
      ) s
      cross join lateral (
        select count(*) filter (where kind = 'reply')::int as replies, max(received_at) filter (where kind = 'reply') as last_reply_at,
               count(*) filter (where kind = 'out_of_office')::int as auto_replies,
               coalesce(bool_or(kind = 'unsubscribe_request'), false) as unsubscribe_requested, max(created_at) as activity_at
        from lead_messages where workspace_id = ${ws} and lead_id = e.lead_id
      ) m
      cross join lateral (
        select count(*)::int as calls_placed, count(answered_at)::int as calls_answered, max(dialing_at) as last_call_at,
               max(answered_at) as last_answered_call_at, max(updated_at) as activity_at
        from calls where workspace_id = ${ws} and lead_id = e.lead_id and dialing_at is not null
      ) c
      where h.lead_id is null or h.computed_at < ${staleBefore} or h.computed_at < greatest(s.activity_at, m.activity_at, c.activity_at)
      order by e.lead_id
      limit ${limit}
    ) g
    order by g."leadId"`;
  return rows.map(({ emailsAfter, callsAfter, ...signals }) => ({ ...signals, touchesSinceLastResponse: emailsAfter + callsAfter }));
}

export interface LeadHealthWrite {
  leadId: string;
  health: RelationshipHealth;
  signals: RelationshipSignals;
}

/**
 * Stores the scores in one statement (an upsert, so a retried refresh writes the same rows again).
 * Only the workspace's own leads are written; returns how many rows were.
 */
export async function saveLeadHealth(sql: Db, input: { workspaceId: string; computedAt: Date; rows: LeadHealthWrite[] }): Promise<number> {
  if (input.rows.length === 0) return 0;
  const iso = (at: Date | null) => (at ? at.toISOString() : null);
  const written = await sql`
    insert into lead_health (lead_id, workspace_id, score, status, reasons, signals, touches_since_last_response, last_touch_at, last_response_at, computed_at)
    select r.lead_id, ${input.workspaceId}, r.score, r.status, r.reasons::json, r.signals::jsonb, r.touches, r.last_touch_at, r.last_response_at, ${input.computedAt}
    from unnest(${input.rows.map((row) => row.leadId)}::uuid[], ${input.rows.map((row) => row.health.score)}::int[],
                ${input.rows.map((row) => row.health.status)}::text[], ${input.rows.map((row) => JSON.stringify(row.health.reasons))}::text[],
                ${input.rows.map((row) => JSON.stringify(row.signals))}::text[], ${input.rows.map((row) => row.signals.touchesSinceLastResponse)}::int[],
                ${input.rows.map((row) => iso(row.health.lastTouchAt))}::timestamptz[], ${input.rows.map((row) => iso(row.health.lastResponseAt))}::timestamptz[])
      as r(lead_id, score, status, reasons, signals, touches, last_touch_at, last_response_at)
    -- A lookup per row by primary key: a join would hash every lead of the workspace for each batch.
    where (select l.workspace_id from leads l where l.id = r.lead_id) = ${input.workspaceId}
    on conflict (lead_id) do update set
      score = excluded.score, status = excluded.status, reasons = excluded.reasons, signals = excluded.signals,
      touches_since_last_response = excluded.touches_since_last_response, last_touch_at = excluded.last_touch_at,
      last_response_at = excluded.last_response_at, computed_at = excluded.computed_at`;
  return written.count;
}

/**
 * Notes that the workspace's scores were refreshed, with how many leads it has scores for and how many
 * in each status (the page's tiles read these rather than counting on every load). A workspace deleted
 * meanwhile (or an unknown id) records nothing (false).
 */
export async function recordHealthRefresh(sql: Db, input: { workspaceId: string; refreshedAt: Date }): Promise<boolean> {
  const recorded = await sql`
    insert into workspace_health_refreshes (workspace_id, refreshed_at, leads_scored, healthy_count, at_risk_count, critical_count, ghost_count)
    select w.id, ${input.refreshedAt}, c.total, c.healthy, c.at_risk, c.critical, c.ghost
    from workspaces w
    cross join lateral (
      select count(*)::int as total,
             count(*) filter (where status = 'healthy')::int as healthy, count(*) filter (where status = 'at_risk')::int as at_risk,
             count(*) filter (where status = 'critical')::int as critical, count(*) filter (where status = 'ghost')::int as ghost
      from lead_health where workspace_id = w.id
    ) c
    where w.id = ${input.workspaceId}
    on conflict (workspace_id) do update set
      refreshed_at = excluded.refreshed_at, leads_scored = excluded.leads_scored, healthy_count = excluded.healthy_count,
      at_risk_count = excluded.at_risk_count, critical_count = excluded.critical_count, ghost_count = excluded.ghost_count`;
  return recorded.count > 0;
}

/** The workspaces that have sent an email, placed a call or received a message: the hourly sweep's list. */
export async function workspacesWithOutreach(sql: Db): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select w.id from workspaces w
    where exists (select 1 from sends s where s.workspace_id = w.id and s.status = 'sent' and s.channel = 'email')
       or exists (select 1 from calls c where c.workspace_id = w.id and c.dialing_at is not null)
       or exists (select 1 from lead_messages m where m.workspace_id = w.id)
    order by w.id`;
  return rows.map((row) => row.id);
}

export interface LeadHealthRow {
  leadId: string;
  leadName: string;
  leadStatus: LeadStatus;
  score: number;
  status: RelationshipHealthStatus;
  reasons: string[];
  touchesSinceLastResponse: number;
  lastTouchAt: Date | null;
  lastResponseAt: Date | null;
  computedAt: Date;
}

const ROW_COLUMNS = (sql: Db) => sql`
  h.lead_id as "leadId", l.name as "leadName", l.status as "leadStatus", h.score, h.status, h.reasons,
  h.touches_since_last_response as "touchesSinceLastResponse", h.last_touch_at as "lastTouchAt",
  h.last_response_at as "lastResponseAt", h.computed_at as "computedAt"`;

/** Worst first: score ascending, then lead id. `after` is the previous page's last row. */
export async function listLeadHealth(
  sql: Db,
  input: { workspaceId: string; status?: RelationshipHealthStatus | undefined; after?: { score: number; leadId: string } | undefined; limit: number },
): Promise<LeadHealthRow[]> {
  const limit = Math.max(1, Math.min(200, Math.floor(input.limit)));
  return sql<LeadHealthRow[]>`
    select ${ROW_COLUMNS(sql)}
    from lead_health h
    join leads l on l.id = h.lead_id and l.workspace_id = h.workspace_id
    where h.workspace_id = ${input.workspaceId}
      ${input.status ? sql`and h.status = ${input.status}` : sql``}
      ${input.after ? sql`and (h.score, h.lead_id) > (${input.after.score}, ${input.after.leadId}::uuid)` : sql``}
    order by h.score, h.lead_id
    limit ${limit}`;
}

/** How many leads had each status at the last refresh (0 each before the first), and when that was. */
export async function leadHealthSummary(sql: Db, workspaceId: string): Promise<{ counts: Record<RelationshipHealthStatus, number>; refreshedAt: Date | null }> {
  const [refresh]: [({ refreshedAt: Date } & Record<RelationshipHealthStatus, number>)?] = await sql`
    select refreshed_at as "refreshedAt", healthy_count as healthy, at_risk_count as at_risk, critical_count as critical, ghost_count as ghost
    from workspace_health_refreshes where workspace_id = ${workspaceId}`;
  if (!refresh) return { counts: { healthy: 0, at_risk: 0, critical: 0, ghost: 0 }, refreshedAt: null };
  const { refreshedAt, healthy, at_risk, critical, ghost } = refresh;
  return { counts: { healthy, at_risk, critical, ghost }, refreshedAt };
}

/** One lead's stored health; null when it has none or the lead is another workspace's. */
export async function findLeadHealth(sql: Db, workspaceId: string, leadId: string): Promise<LeadHealthRow | null> {
  const [row]: [LeadHealthRow?] = await sql`
    select ${ROW_COLUMNS(sql)}
    from lead_health h
    join leads l on l.id = h.lead_id and l.workspace_id = h.workspace_id
    where h.workspace_id = ${workspaceId} and h.lead_id = ${leadId}`;
  return row ?? null;
}
