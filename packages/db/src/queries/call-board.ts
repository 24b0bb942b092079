// What the live call board, a call's page and call spend ask of Postgres: queuing a campaign's approved
// leads as calls, the board's counts and lists (each bounded and index-backed), spend per campaign and
// day, and the once-a-day spend alert.
import { ACTIVE_CALL_STATUSES, callAttemptKey, FINAL_CALL_STATUSES, OPEN_CALL_STATUSES, type CallQueueFacts, type CallStatus } from '@switchboard/core';
import type { Db } from '../client.ts';
import { createCalls } from './calls.ts';

/**
 * A campaign's approved leads with a phone and no call in it yet, up to `limit`, queued as first
 * attempts. A lead with a call queued or live (its sequence's, say) waits for a later request: a lead
 * has one open call at a time (core's OPEN_CALL_STATUSES), which the unique index holds under races.
 */
export async function queueCampaignCalls(
  sql: Db,
  input: { workspaceId: string; campaignId: string; phoneNumberId: string; notBefore: Date; limit: number },
): Promise<{ queued: { id: string }[]; more: boolean }> {
  const leads = await sql<{ id: string; phone: string }[]>`
    select l.id, l.phone from leads l
    where l.workspace_id = ${input.workspaceId} and l.campaign_id = ${input.campaignId} and l.status = 'approved' and l.phone is not null
      and not exists (select 1 from calls c where c.campaign_id = l.campaign_id and c.lead_id = l.id)
      and not exists (select 1 from calls o where o.workspace_id = l.workspace_id and o.lead_id = l.id and o.status = any(${[...OPEN_CALL_STATUSES]}))
    order by l.id
    limit ${input.limit + 1}`;
  const batch = leads.slice(0, input.limit);
  const created = await createCalls(
    sql,
    batch.map((lead) => ({
      workspaceId: input.workspaceId,
      campaignId: input.campaignId,
      leadId: lead.id,
      toNumber: lead.phone,
      phoneNumberId: input.phoneNumberId,
      attempt: 1,
      attemptKey: callAttemptKey({ campaignId: input.campaignId, leadId: lead.id, attempt: 1 }),
      notBefore: input.notBefore,
    })),
  );
  return { queued: created.map(({ id }) => ({ id })), more: leads.length > input.limit };
}

export interface BoardCall {
  id: string;
  campaignId: string;
  leadId: string;
  leadName: string;
  status: CallStatus;
  attempt: number;
  dialingAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationS: number | null;
  costUsd: number | null;
}

export interface QueuedBoardCall {
  id: string;
  campaignId: string;
  leadId: string;
  leadName: string;
  attempt: number;
  notBefore: Date;
}

export interface CallBoardCounts {
  /** Live calls of the whole workspace: the slots the cap counts. */
  liveInWorkspace: number;
  /** Queued calls (of the campaign, or the workspace). */
  queued: number;
}

const BOARD_COLUMNS = (sql: Db) => sql`
  c.id, c.campaign_id as "campaignId", c.lead_id as "leadId", l.name as "leadName", c.status, c.attempt,
  c.dialing_at as "dialingAt", c.answered_at as "answeredAt", c.ended_at as "endedAt", c.duration_s::float8 as "durationS", c.cost_usd::float8 as "costUsd"`;

/** The board: live calls, recent ended ones, the next queued ones (each list bounded), live slots and queue depth. `campaignId` null is the whole workspace. */
export async function callBoard(
  sql: Db,
  input: { workspaceId: string; campaignId: string | null; limit: number },
): Promise<CallBoardCounts & { active: BoardCall[]; recent: BoardCall[]; queuedNext: QueuedBoardCall[] }> {
  const live = [...ACTIVE_CALL_STATUSES];
  const campaign = input.campaignId;
  const [active, recent, queuedNext, [counts]] = await Promise.all([
    sql<BoardCall[]>`
      select ${BOARD_COLUMNS(sql)} from calls c join leads l on l.id = c.lead_id
      where c.workspace_id = ${input.workspaceId} and c.status = any(${live}) and (${campaign}::uuid is null or c.campaign_id = ${campaign})
      order by c.dialing_at nulls last, c.id limit ${input.limit}`,
    sql<BoardCall[]>`
      select ${BOARD_COLUMNS(sql)} from calls c join leads l on l.id = c.lead_id
      where c.workspace_id = ${input.workspaceId} and c.ended_at is not null and (${campaign}::uuid is null or c.campaign_id = ${campaign})
      order by c.ended_at desc, c.id limit ${input.limit}`,
    nextQueuedCalls(sql, { workspaceId: input.workspaceId, campaignId: campaign, limit: input.limit }),
    sql<[CallBoardCounts?]>`
      select (select count(*)::int from calls where workspace_id = ${input.workspaceId} and status = any(${live})) as "liveInWorkspace",
             (select count(*)::int from calls where workspace_id = ${input.workspaceId} and status = 'queued'
                and (${campaign}::uuid is null or campaign_id = ${campaign})) as queued`,
  ]);
  return { active, recent, queuedNext, liveInWorkspace: counts?.liveInWorkspace ?? 0, queued: counts?.queued ?? 0 };
}

/** The queued calls due first, of a campaign or the workspace: two statements so each reads its own index in due order. */
function nextQueuedCalls(sql: Db, input: { workspaceId: string; campaignId: string | null; limit: number }): Promise<QueuedBoardCall[]> {
  const columns = sql`c.id, c.campaign_id as "campaignId", c.lead_id as "leadId", l.name as "leadName", c.attempt, c.not_before as "notBefore"`;
  if (input.campaignId) {
    return sql<QueuedBoardCall[]>`
      select ${columns} from calls c join leads l on l.id = c.lead_id
      where c.campaign_id = ${input.campaignId} and c.workspace_id = ${input.workspaceId} and c.status = 'queued'
      order by c.not_before, c.id limit ${input.limit}`;
  }
  return sql<QueuedBoardCall[]>`
    select ${columns} from calls c join leads l on l.id = c.lead_id
    where c.workspace_id = ${input.workspaceId} and c.status = 'queued'
    order by c.not_before, c.id limit ${input.limit}`;
}

/** How many approved leads of a campaign with a phone and no call in it yet queuing would call, counted up to `limit` (`more`: there are more). */
export async function countCallableLeads(sql: Db, input: { workspaceId: string; campaignId: string; limit: number }): Promise<{ count: number; more: boolean }> {
  const [row]: [{ count: number }?] = await sql`
    select count(*)::int as count from (
      select 1 from leads l
      where l.workspace_id = ${input.workspaceId} and l.campaign_id = ${input.campaignId} and l.status = 'approved' and l.phone is not null
        and not exists (select 1 from calls c where c.campaign_id = l.campaign_id and c.lead_id = l.id)
        and not exists (select 1 from calls o where o.workspace_id = l.workspace_id and o.lead_id = l.id and o.status = any(${[...OPEN_CALL_STATUSES]}))
      limit ${input.limit + 1}) callable`;
  const count = row?.count ?? 0;
  return { count: Math.min(count, input.limit), more: count > input.limit };
}

/**
 * A campaign's leads grouped by what decides whether queuing calls them (core's callQueueBlocker):
 * status, phone, its calls in this campaign, an open call elsewhere. Read only when nothing is callable.
 */
export function callQueueFacts(sql: Db, input: { workspaceId: string; campaignId: string }): Promise<CallQueueFacts[]> {
  const open = [...OPEN_CALL_STATUSES];
  return sql<CallQueueFacts[]>`
    select status, "hasPhone", "callHere", "openCallElsewhere", count(*)::int as count from (
      select l.status, l.phone is not null as "hasPhone",
             case when exists (select 1 from calls c where c.campaign_id = l.campaign_id and c.lead_id = l.id and c.status = any(${open})) then 'open'
                  when exists (select 1 from calls c where c.campaign_id = l.campaign_id and c.lead_id = l.id) then 'ended'
                  else 'none' end as "callHere",
             exists (select 1 from calls o where o.workspace_id = l.workspace_id and o.lead_id = l.id and o.campaign_id <> l.campaign_id and o.status = any(${open})) as "openCallElsewhere"
      from leads l where l.workspace_id = ${input.workspaceId} and l.campaign_id = ${input.campaignId}) facts
    group by 1, 2, 3, 4`;
}

/** Ended calls by outcome (of the campaign, or the workspace) since `since`, with what they cost. */
export function callOutcomeCounts(sql: Db, input: { workspaceId: string; campaignId: string | null; since: Date }): Promise<{ status: CallStatus; count: number; costUsd: number }[]> {
  return sql<{ status: CallStatus; count: number; costUsd: number }[]>`
    select status, count(*)::int as count, coalesce(sum(cost_usd), 0)::float8 as "costUsd" from calls
    where workspace_id = ${input.workspaceId} and ended_at >= ${input.since} and status = any(${[...FINAL_CALL_STATUSES]})
      and (${input.campaignId}::uuid is null or campaign_id = ${input.campaignId})
    group by status`;
}

/** The campaigns whose calls ended since `since`, with their count and cost, costliest first (at most `limit`). */
export function callSpendByCampaignSince(sql: Db, input: { workspaceId: string; since: Date; limit: number }): Promise<{ campaignId: string; name: string; calls: number; costUsd: number }[]> {
  return sql<{ campaignId: string; name: string; calls: number; costUsd: number }[]>`
    select c.campaign_id as "campaignId", k.name, count(*)::int as calls, coalesce(sum(c.cost_usd), 0)::float8 as "costUsd"
    from calls c join campaigns k on k.id = c.campaign_id
    where c.workspace_id = ${input.workspaceId} and c.ended_at >= ${input.since}
    group by c.campaign_id, k.name order by 4 desc, 2 limit ${input.limit}`;
}

/** What a campaign's calls cost in all (what its budget is measured against), and its budget. */
export async function campaignCallSpend(sql: Db, workspaceId: string, campaignId: string): Promise<{ spentUsd: number; budgetUsd: number | null } | null> {
  const [row]: [{ spentUsd: number; budgetUsd: number | null }?] = await sql`
    -- Priced calls only (as sum() would count them), so calls_campaign_spend_idx answers alone.
    select coalesce((select sum(cost_usd) from calls where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and cost_usd is not null), 0)::float8 as "spentUsd",
           call_budget_usd::float8 as "budgetUsd"
    from campaigns where workspace_id = ${workspaceId} and id = ${campaignId}`;
  return row ?? null;
}

/** Cost of a campaign's calls per UTC day they ended on, newest first, the last `days` days. */
export function campaignCallCostByDay(sql: Db, input: { workspaceId: string; campaignId: string; days: number; now: Date }): Promise<{ day: string; calls: number; costUsd: number }[]> {
  return sql<{ day: string; calls: number; costUsd: number }[]>`
    select to_char((ended_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, count(*)::int as calls, coalesce(sum(cost_usd), 0)::float8 as "costUsd"
    from calls
    where workspace_id = ${input.workspaceId} and campaign_id = ${input.campaignId} and ended_at is not null
      and ended_at >= (date_trunc('day', ${input.now}::timestamptz at time zone 'UTC') - make_interval(days => ${input.days - 1})) at time zone 'UTC'
    group by 1 order by 1 desc`;
}

/** Workspaces with a daily spend alert threshold, what their calls cost on the UTC day of `now`, and whether that day was alerted. */
export function workspaceCallSpendToday(sql: Db, now: Date): Promise<{ workspaceId: string; thresholdUsd: number; spentTodayUsd: number; alerted: boolean }[]> {
  return sql<{ workspaceId: string; thresholdUsd: number; spentTodayUsd: number; alerted: boolean }[]>`
    select w.id as "workspaceId", w.call_daily_spend_alert_usd::float8 as "thresholdUsd",
           coalesce((select sum(c.cost_usd) from calls c
                     where c.workspace_id = w.id and c.ended_at >= (date_trunc('day', ${now}::timestamptz at time zone 'UTC') at time zone 'UTC')), 0)::float8 as "spentTodayUsd",
           exists (select 1 from call_spend_alerts a where a.workspace_id = w.id and a.day = (${now}::timestamptz at time zone 'UTC')::date) as alerted
    from workspaces w where w.call_daily_spend_alert_usd is not null`;
}

/** Records the day's spend alert; false when that day had one already (once per day, whichever worker asks first). */
export async function recordCallSpendAlert(sql: Db, input: { workspaceId: string; day: string; thresholdUsd: number; spentUsd: number }): Promise<boolean> {
  const inserted = await sql`
    insert into call_spend_alerts (workspace_id, day, threshold_usd, spent_usd)
    values (${input.workspaceId}, ${input.day}::date, ${input.thresholdUsd}, ${input.spentUsd})
    on conflict do nothing`;
  return inserted.count > 0;
}

/** The workspace's daily call spend alert threshold (null: none). */
export async function workspaceCallSpendAlert(sql: Db, workspaceId: string): Promise<number | null> {
  const [row]: [{ thresholdUsd: number | null }?] = await sql`select call_daily_spend_alert_usd::float8 as "thresholdUsd" from workspaces where id = ${workspaceId}`;
  return row?.thresholdUsd ?? null;
}

export async function setWorkspaceCallSpendAlert(sql: Db, workspaceId: string, thresholdUsd: number | null): Promise<boolean> {
  const changed = await sql`update workspaces set call_daily_spend_alert_usd = ${thresholdUsd}, updated_at = now() where id = ${workspaceId}`;
  return changed.count > 0;
}

/** The workspace's recent daily spend alerts, newest first. */
export function listCallSpendAlerts(sql: Db, workspaceId: string, limit: number): Promise<{ day: string; thresholdUsd: number; spentUsd: number; createdAt: Date }[]> {
  return sql<{ day: string; thresholdUsd: number; spentUsd: number; createdAt: Date }[]>`
    select to_char(day, 'YYYY-MM-DD') as day, threshold_usd::float8 as "thresholdUsd", spent_usd::float8 as "spentUsd", created_at as "createdAt"
    from call_spend_alerts where workspace_id = ${workspaceId} order by day desc limit ${limit}`;
}

/** Where a campaign's call steps are, a row per step: each lead counted once, by its latest attempt. */
export interface CallStepCounts {
  stepId: string;
  /** Queued: the first attempt, or a retry waiting for the campaign's spacing. */
  waiting: number;
  /** Dialing, ringing or in progress. */
  live: number;
  answered: number;
  voicemail: number;
  /** No answer or busy on the last attempt, or failed. */
  noAnswer: number;
  /** Canceled before it was placed (the lead replied, unsubscribed or was suppressed). */
  canceled: number;
}

export function countCallsByStep(sql: Db, workspaceId: string, campaignId: string): Promise<CallStepCounts[]> {
  return sql<CallStepCounts[]>`
    select step_id as "stepId",
      count(*) filter (where status = 'queued')::int as waiting,
      count(*) filter (where status = any(${[...ACTIVE_CALL_STATUSES]}))::int as live,
      count(*) filter (where status = 'completed')::int as answered,
      count(*) filter (where status = 'voicemail')::int as voicemail,
      count(*) filter (where status in ('no_answer', 'busy', 'failed'))::int as "noAnswer",
      count(*) filter (where status = 'canceled')::int as canceled
    from (
      select distinct on (enrolment_id, step_id) step_id, status from calls
      where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and enrolment_id is not null
      order by enrolment_id, step_id, attempt desc
    ) latest
    group by step_id`;
}
