// What the call scheduler (calls.tick) asks of Postgres besides the claim: where queued calls are due,
// what a claimed call needs to be placed, giving a call Vapi never took back to the queue, the next
// attempt after a missed call, and the live calls nothing has moved for a while (reconciliation).
import { ACTIVE_CALL_STATUSES, callAttemptKey, callEventTarget, callStatusesAllowing, OUTSIDE_CALLING_WINDOW, type CallingWindow, type CallRetryPolicy, type CallStatus } from '@switchboard/core';
import type { Db } from '../client.ts';
import { createCalls, type CallCaps } from './calls.ts';

/**
 * A campaign `k` whose calls have not yet cost its call budget (core's callBudgetState, in SQL): the
 * scheduler places no call of a campaign past it, and none of one whose budget is $0.
 */
export const withinCallBudget = (sql: Db) => sql`
  (k.call_budget_usd is null
   or coalesce((select sum(s.cost_usd) from calls s where s.workspace_id = k.workspace_id and s.campaign_id = k.id), 0) < k.call_budget_usd)`;

/**
 * Workspaces and Vapi numbers with queued calls of active campaigns due at `now` and a free slot under
 * the caps: one claim each (the claim counts again under its locks). Groups at their cap are left out,
 * so they cost the tick no claim and do not take the places of groups past `limit`.
 */
export function callGroupsDue(sql: Db, input: CallCaps & { now: Date; limit: number }): Promise<{ workspaceId: string; phoneNumberId: string }[]> {
  const live = [...ACTIVE_CALL_STATUSES];
  return sql<{ workspaceId: string; phoneNumberId: string }[]>`
    select g.workspace_id as "workspaceId", g.phone_number_id as "phoneNumberId"
    from (select distinct c.workspace_id, c.phone_number_id
          from calls c join campaigns k on k.id = c.campaign_id and k.status = 'active'
          where c.status = 'queued' and c.not_before <= ${input.now} and ${withinCallBudget(sql)}) g
    where (select count(*) from calls a where a.workspace_id = g.workspace_id and a.status = any(${live})) < ${input.workspaceCap}
      and (select count(*) from calls a where a.phone_number_id = g.phone_number_id and a.status = any(${live})) < ${input.phoneNumberCap}
    limit ${input.limit}`;
}

/** What placing a claimed call needs besides its row: whom it calls, where they live, and the campaign's assistant. */
export interface CallDialTarget {
  callId: string;
  leadName: string;
  country: string | null;
  region: string | null;
  campaignTimeZone: string;
  assistantId: string | null;
  /** The campaign's calling window as stored (core's ZCallingWindow reads it); null for the default. */
  callWindow: unknown;
}

export function callDialTargets(sql: Db, workspaceId: string, callIds: readonly string[]): Promise<CallDialTarget[]> {
  return sql<CallDialTarget[]>`
    select c.id as "callId", l.name as "leadName", l.country, l.region, k.time_zone as "campaignTimeZone", k.call_assistant_id as "assistantId",
           k.call_window as "callWindow"
    from calls c join leads l on l.id = c.lead_id join campaigns k on k.id = c.campaign_id
    where c.workspace_id = ${workspaceId} and c.id = any(${[...callIds]}::uuid[])`;
}

/**
 * Gives a claimed call back to the queue, not before `notBefore`: only while it is `dialing` and
 * Vapi never gave it an id (a 429, Vapi's concurrency limit, the calling window closed). Frees its slot.
 */
export async function requeueCall(sql: Db, input: { workspaceId: string; callId: string; notBefore: Date; reason: string }): Promise<boolean> {
  const changed = await sql`
    update calls set status = ${callEventTarget('requeue')}, not_before = ${input.notBefore}, dialing_at = null,
           failure = ${input.reason.slice(0, 1000)}, updated_at = now()
    where workspace_id = ${input.workspaceId} and id = ${input.callId} and status = any(${callStatusesAllowing('requeue')}) and vapi_call_id is null`;
  return changed.count > 0;
}

/**
 * Makes a campaign's queued calls that wait only for the calling window due now, for a changed window:
 * the scheduler checks each against the new one when it claims it (and holds it back again if need be).
 * Calls waiting for their retry spacing or for Vapi keep their time. Returns how many.
 */
export async function releaseCallsHeldForCallingWindow(sql: Db, input: { workspaceId: string; campaignId: string }): Promise<number> {
  const changed = await sql`
    update calls set not_before = now(), updated_at = now()
    where workspace_id = ${input.workspaceId} and campaign_id = ${input.campaignId} and status = 'queued'
      and not_before > now() and starts_with(failure, ${OUTSIDE_CALLING_WINDOW})`;
  return changed.count;
}

/** Notes why a dialing call is in doubt (Vapi may have placed it); it keeps its slot until Vapi or reconciliation settles it. */
export async function noteCallInDoubt(sql: Db, input: { workspaceId: string; callId: string; reason: string }): Promise<void> {
  await sql`
    update calls set failure = ${`in doubt: ${input.reason}`.slice(0, 1000)}, updated_at = now()
    where workspace_id = ${input.workspaceId} and id = ${input.callId} and status = 'dialing'`;
}

export async function campaignCallRetryPolicy(sql: Db, workspaceId: string, campaignId: string): Promise<CallRetryPolicy | null> {
  const [row]: [CallRetryPolicy?] = await sql`
    select call_max_attempts as "maxAttempts", call_retry_spacing_minutes as "spacingMinutes"
    from campaigns where workspace_id = ${workspaceId} and id = ${campaignId}`;
  return row ?? null;
}

export interface CampaignCallSettings extends CallRetryPolicy {
  assistantId: string | null;
  /** As stored (core's ZCallingWindow reads it); null for the default. */
  callWindow: unknown;
  budgetUsd: number | null;
}

export async function campaignCallSettings(sql: Db, workspaceId: string, campaignId: string): Promise<CampaignCallSettings | null> {
  const [row]: [CampaignCallSettings?] = await sql`
    select call_assistant_id as "assistantId", call_max_attempts as "maxAttempts", call_retry_spacing_minutes as "spacingMinutes",
           call_window as "callWindow", call_budget_usd::float8 as "budgetUsd"
    from campaigns where workspace_id = ${workspaceId} and id = ${campaignId}`;
  return row ?? null;
}

/** Sets a campaign's Vapi assistant, retry policy and (when given; null for the default) calling window. Values are checked by the caller and the table's checks. */
export async function setCampaignCallSettings(
  sql: Db,
  input: { workspaceId: string; campaignId: string; assistantId: string | null; callWindow?: CallingWindow | null; budgetUsd?: number | null } & CallRetryPolicy,
): Promise<boolean> {
  const changed = await sql`
    update campaigns set call_assistant_id = ${input.assistantId}, call_max_attempts = ${input.maxAttempts},
           call_budget_usd = case when ${input.budgetUsd === undefined} then call_budget_usd else ${input.budgetUsd ?? null}::numeric end,
           call_window = case when ${input.callWindow === undefined} then call_window else ${input.callWindow ? sql.json(input.callWindow as never) : null}::jsonb end,
           call_retry_spacing_minutes = ${input.spacingMinutes}, updated_at = now()
    where workspace_id = ${input.workspaceId} and id = ${input.campaignId}`;
  return changed.count > 0;
}

/**
 * Queues the next attempt of an ended call (same lead, number and Vapi number); a second ask for the same
 * attempt changes nothing. Asked in the transaction that ended the attempt before it, so no other call to
 * the lead can have been queued in between (a lead has one open call at a time); null when none was queued.
 */
export async function queueNextCallAttempt(
  sql: Db,
  input: {
    call: { workspaceId: string; campaignId: string; leadId: string; toNumber: string; phoneNumberId: string; enrolmentId?: string | null; stepId?: string | null };
    attempt: number;
    notBefore: Date;
  },
): Promise<string | null> {
  const { workspaceId, campaignId, leadId, toNumber, phoneNumberId, enrolmentId = null, stepId = null } = input.call;
  // A sequence's call keeps its enrolment and step, so the enrolment waits for this attempt too.
  const sequenceStep = enrolmentId && stepId ? { enrolmentId, stepId } : null;
  const [created] = await createCalls(sql, [
    { workspaceId, campaignId, leadId, toNumber, phoneNumberId, enrolmentId, stepId, attempt: input.attempt, attemptKey: callAttemptKey({ campaignId, leadId, attempt: input.attempt, sequenceStep }), notBefore: input.notBefore },
  ]);
  return created?.id ?? null;
}

export interface StaleCall {
  id: string;
  workspaceId: string;
  campaignId: string;
  status: CallStatus;
  vapiCallId: string | null;
  updatedAt: Date;
}

/** Live calls nothing has moved since `before`, oldest first: reconciliation asks Vapi about each. */
export function staleLiveCalls(sql: Db, input: { before: Date; limit: number }): Promise<StaleCall[]> {
  return sql<StaleCall[]>`
    select id, workspace_id as "workspaceId", campaign_id as "campaignId", status, vapi_call_id as "vapiCallId", updated_at as "updatedAt"
    from calls
    where status = any(${[...ACTIVE_CALL_STATUSES]}) and updated_at < ${input.before}
    order by updated_at limit ${input.limit}`;
}

/** Marks that reconciliation looked at a live call Vapi still has going, so it is asked again one bound later rather than at once. */
export async function touchCall(sql: Db, input: { workspaceId: string; callId: string }): Promise<void> {
  await sql`update calls set updated_at = now() where workspace_id = ${input.workspaceId} and id = ${input.callId} and status = any(${[...ACTIVE_CALL_STATUSES]})`;
}
