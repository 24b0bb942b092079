// One row per call attempt. The row and its attempt key are committed before Vapi is asked to dial;
// the claim that moves a call to `dialing` takes a concurrency slot in Postgres, and every later move
// is guarded by the states it may come from, so two workers or a late webhook cannot both win.
import { ACTIVE_CALL_STATUSES, answeredAtFromReport, callEventTarget, callStatusesAllowing, isFinalCallStatus, type CallEvent, type CallReport, type CallStatus } from '@switchboard/core';
import { inTransaction, type Db } from '../client.ts';
import { lockForTransaction } from './advisory-locks.ts';
import { withinCallBudget } from './call-scheduling.ts';

export interface PlannedCall {
  workspaceId: string;
  campaignId: string;
  leadId: string;
  toNumber: string;
  phoneNumberId: string;
  attempt: number;
  attemptKey: string;
  notBefore: Date;
  /** The enrolment and call step that queued it (a sequence's call); null for a call queued for the campaign. */
  enrolmentId?: string | null;
  stepId?: string | null;
}

export interface CallRow extends PlannedCall, Omit<CallReport, 'startedAt'> {
  id: string;
  status: CallStatus;
  vapiCallId: string | null;
  vapiStatus: string | null;
  failure: string | null;
  createdAt: Date;
  dialingAt: Date | null;
  ringingAt: Date | null;
  answeredAt: Date | null;
  /** How often Vapi said the assistant kept the caller waiting (`hang` messages), and when last. */
  assistantHangs: number;
  lastAssistantHangAt: Date | null;
}

const CALL_COLUMNS = (sql: Db) => sql`
  c.id, c.workspace_id as "workspaceId", c.campaign_id as "campaignId", c.lead_id as "leadId", c.to_number as "toNumber",
  c.phone_number_id as "phoneNumberId", c.attempt, c.attempt_key as "attemptKey", c.not_before as "notBefore", c.status,
  c.vapi_call_id as "vapiCallId", c.vapi_status as "vapiStatus", c.ended_reason as "endedReason", c.failure,
  c.duration_s::float8 as "durationS", c.cost_usd::float8 as "costUsd", c.transcript, c.summary, c.recording_url as "recordingUrl",
  c.analysis, c.created_at as "createdAt", c.dialing_at as "dialingAt", c.ringing_at as "ringingAt", c.answered_at as "answeredAt",
  c.ended_at as "endedAt", c.assistant_hangs as "assistantHangs", c.last_assistant_hang_at as "lastAssistantHangAt",
  c.enrolment_id as "enrolmentId", c.step_id as "stepId"`;

/**
 * Inserts planned calls; an attempt whose key exists already is left as it is, and so is a sequence's
 * call whose enrolment has stopped or completed meanwhile (a reply during the call ends its retries),
 * and a call to a lead that has one queued or live already (calls_one_open_per_lead_idx, migration
 * 0041: a lead is never called twice at once). Returns the new ones' ids.
 */
export async function createCalls(sql: Db, calls: readonly PlannedCall[]): Promise<{ id: string; attemptKey: string }[]> {
  if (calls.length === 0) return [];
  const column = <K extends keyof PlannedCall>(key: K) => calls.map((call) => call[key] ?? null);
  return sql<{ id: string; attemptKey: string }[]>`
    insert into calls (workspace_id, campaign_id, lead_id, to_number, phone_number_id, attempt, attempt_key, not_before, enrolment_id, step_id)
    select p.* from unnest(${column('workspaceId')}::uuid[], ${column('campaignId')}::uuid[], ${column('leadId')}::uuid[],
                         ${column('toNumber')}::text[], ${column('phoneNumberId')}::text[], ${column('attempt')}::int[],
                         ${column('attemptKey')}::text[], ${calls.map((call) => call.notBefore.toISOString())}::timestamptz[],
                         ${column('enrolmentId')}::uuid[], ${column('stepId')}::text[])
      as p(workspace_id, campaign_id, lead_id, to_number, phone_number_id, attempt, attempt_key, not_before, enrolment_id, step_id)
    -- Locked so a stop in flight is waited for: a retry queued beside it would miss its cancel.
    where p.enrolment_id is null or exists (select 1 from enrolments e where e.id = p.enrolment_id and e.status in ('active', 'paused') for share)
    -- In lead order, whoever inserts: a conflict on the one-open-call-per-lead index waits for the other
    -- inserter, and two multi-row inserts taking leads in different orders could wait on each other.
    order by p.workspace_id, p.lead_id
    -- Any unique key, not just attempt_key: two requests queueing the same lead at once can meet on
    -- calls_campaign_lead_attempt_idx first, which with attempt_key alone as the arbiter is an error (a 500).
    on conflict do nothing
    returning id, attempt_key as "attemptKey"`;
}

export async function findCall(sql: Db, workspaceId: string, callId: string): Promise<CallRow | null> {
  const [row]: [CallRow?] = await sql`select ${CALL_COLUMNS(sql)} from calls c where c.workspace_id = ${workspaceId} and c.id = ${callId}`;
  return row ?? null;
}

/** Who a call is to and for: the lead's and the campaign's names, for the call's page. */
export async function findCallParties(sql: Db, workspaceId: string, callId: string): Promise<{ leadName: string; campaignName: string } | null> {
  const [row]: [{ leadName: string; campaignName: string }?] = await sql`
    select l.name as "leadName", k.name as "campaignName"
    from calls c join leads l on l.id = c.lead_id join campaigns k on k.id = c.campaign_id
    where c.workspace_id = ${workspaceId} and c.id = ${callId}`;
  return row ?? null;
}

/**
 * The call a Vapi webhook speaks of, by Vapi's call id, else by our call id from the metadata we sent
 * (a webhook can arrive before POST /call's answer has stored Vapi's id). A webhook names no
 * workspace: both ids are unique across workspaces.
 */
export async function findCallForWebhook(sql: Db, ids: { vapiCallId: string | null; callId: string | null }): Promise<CallRow | null> {
  if (ids.vapiCallId) {
    const [row]: [CallRow?] = await sql`select ${CALL_COLUMNS(sql)} from calls c where c.vapi_call_id = ${ids.vapiCallId}`;
    if (row) return row;
  }
  if (!ids.callId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ids.callId)) return null;
  // Our id names the call only while Vapi's is not stored or is the same: a forged metadata id cannot reach another call.
  // And only once it is being dialed: Vapi hears of a call from POST /call, so a message naming a queued
  // call (not asked for yet, perhaps never) is no news of it, and must not attach an id, a report or a cost to it.
  const [row]: [CallRow?] = await sql`
    select ${CALL_COLUMNS(sql)} from calls c
    where c.id = ${ids.callId} and (c.vapi_call_id is null or c.vapi_call_id = ${ids.vapiCallId})
      and (c.vapi_call_id is not null or c.status = 'dialing')`;
  return row ?? null;
}

export interface CallCaps {
  /** Live calls a workspace may have at once. */
  workspaceCap: number;
  /** Live calls one Vapi phone number may carry at once, whichever workspaces they are for. */
  phoneNumberCap: number;
}

export interface CallClaim {
  claimed: CallRow[];
  /** Live calls after the claim: the workspace's and the phone number's. */
  liveInWorkspace: number;
  liveOnPhoneNumber: number;
}

/**
 * Moves up to `limit` due, queued calls of a workspace and phone number to `dialing` while fewer
 * calls than the caps are live, earliest first, never two to one callee. Safe across processes: the
 * workspace's and then the number's advisory locks are held to the commit, so claims for either run
 * one at a time, and each counts what the others committed (a statement reads the latest commits).
 * Only calls of active campaigns are claimed, and a sequence's call only while its enrolment is active. The caller dials exactly the calls returned.
 */
export function claimCallsToDial(
  sql: Db,
  input: CallCaps & { workspaceId: string; phoneNumberId: string; now: Date; limit: number },
): Promise<CallClaim> {
  const live = [...ACTIVE_CALL_STATUSES];
  return inTransaction(sql, async (tx) => {
    // Always the workspace first, then the number: two claims can never wait on each other in a cycle.
    await lockForTransaction(tx, `calls.workspace:${input.workspaceId}`);
    await lockForTransaction(tx, `calls.phone-number:${input.phoneNumberId}`);
    const [counts]: [{ workspace: number; phoneNumber: number }?] = await tx`
      select (select count(*)::int from calls where workspace_id = ${input.workspaceId} and status = any(${live})) as workspace,
             (select count(*)::int from calls where phone_number_id = ${input.phoneNumberId} and status = any(${live})) as "phoneNumber"`;
    const liveInWorkspace = counts?.workspace ?? 0;
    const liveOnPhoneNumber = counts?.phoneNumber ?? 0;
    const free = Math.min(input.limit, input.workspaceCap - liveInWorkspace, input.phoneNumberCap - liveOnPhoneNumber);
    if (free <= 0) return { claimed: [], liveInWorkspace, liveOnPhoneNumber };
    const claimed = await tx<CallRow[]>`
      with due as (
        select distinct on (q.to_number) q.id, q.not_before, q.created_at
        from calls q
        join campaigns k on k.id = q.campaign_id and k.status = 'active' and ${withinCallBudget(tx)}
        where q.workspace_id = ${input.workspaceId} and q.phone_number_id = ${input.phoneNumberId} and q.status = 'queued'
          and q.not_before <= ${input.now}
          and not exists (select 1 from calls a where a.workspace_id = q.workspace_id and a.to_number = q.to_number and a.status = any(${live}))
          -- A sequence's call only while its enrolment runs: whatever raced its stop, it is never placed after.
          and (q.enrolment_id is null or exists (select 1 from enrolments e where e.id = q.enrolment_id and e.status = 'active'))
        order by q.to_number, q.not_before, q.created_at, q.id
      ), picked as (
        select id from due order by not_before, created_at, id limit ${free}
      ), moved as (
        update calls c set status = ${callEventTarget('claim')}, dialing_at = clock_timestamp(), failure = null, updated_at = now()
        from picked
        where c.id = picked.id and c.status = any(${callStatusesAllowing('claim')})
        returning c.*
      )
      select ${CALL_COLUMNS(tx)} from moved c order by c.not_before, c.created_at`;
    return { claimed, liveInWorkspace: liveInWorkspace + claimed.length, liveOnPhoneNumber: liveOnPhoneNumber + claimed.length };
  });
}

/** Live calls of a workspace and on a phone number right now, from the rows (never from memory). */
export async function countLiveCalls(sql: Db, input: { workspaceId: string; phoneNumberId?: string }): Promise<{ workspace: number; phoneNumber: number }> {
  const live = [...ACTIVE_CALL_STATUSES];
  const [row]: [{ workspace: number; phoneNumber: number }?] = await sql`
    select (select count(*)::int from calls where workspace_id = ${input.workspaceId} and status = any(${live})) as workspace,
           (select count(*)::int from calls where phone_number_id = ${input.phoneNumberId ?? null} and status = any(${live})) as "phoneNumber"`;
  return row ?? { workspace: 0, phoneNumber: 0 };
}

/** Vapi took the call: its id is stored once (a second answer for the same call changes nothing). */
export async function markCallPlaced(sql: Db, input: { workspaceId: string; callId: string; vapiCallId: string; vapiStatus: string | null }): Promise<boolean> {
  const changed = await sql`
    update calls set vapi_call_id = ${input.vapiCallId}, vapi_status = coalesce(vapi_status, ${input.vapiStatus}), updated_at = now()
    where workspace_id = ${input.workspaceId} and id = ${input.callId} and vapi_call_id is null`;
  return changed.count > 0;
}

// The timestamp each status is stamped with when a call reaches it.
const STAMP: Readonly<Partial<Record<CallStatus, 'ringing_at' | 'answered_at' | 'ended_at'>>> = Object.freeze({
  ringing: 'ringing_at',
  in_progress: 'answered_at',
  completed: 'ended_at',
  no_answer: 'ended_at',
  busy: 'ended_at',
  voicemail: 'ended_at',
  failed: 'ended_at',
  canceled: 'ended_at',
});

/**
 * Moves a call by `event`, only from the states the event allows (the state machine's guard in SQL),
 * stamping when it got there. Returns the new status, or null when the call was not in such a state.
 */
export async function moveCall(
  sql: Db,
  input: { workspaceId: string; callId: string; event: CallEvent; at: Date; vapiStatus?: string | null; endedReason?: string | null; failure?: string | null },
): Promise<CallStatus | null> {
  const to = callEventTarget(input.event);
  const stamp = STAMP[to];
  // A sequence's call that ends wakes its enrolment (waiting with no next action) in the same statement, so
  // it goes on at the scheduler's next tick; one whose retry is queued in the same transaction waits again.
  const [row]: [{ status: CallStatus }?] = await sql`
    with moved as (
    update calls set status = ${to}, updated_at = now(),
           vapi_status = coalesce(${input.vapiStatus ?? null}, vapi_status),
           ended_reason = coalesce(${input.endedReason ?? null}, ended_reason),
           failure = coalesce(${input.failure ?? null}, failure),
           ringing_at = case when ${stamp === 'ringing_at'} then coalesce(ringing_at, ${input.at}) else ringing_at end,
           answered_at = case when ${stamp === 'answered_at'} then coalesce(answered_at, ${input.at}) else answered_at end,
           ended_at = case when ${stamp === 'ended_at'} then coalesce(ended_at, ${input.at}) else ended_at end
    where workspace_id = ${input.workspaceId} and id = ${input.callId} and status = any(${callStatusesAllowing(input.event)})
    returning status, enrolment_id
    ), woken as (
      update enrolments e set next_action_at = now(), updated_at = now()
      from moved
      where ${isFinalCallStatus(to)} and e.id = moved.enrolment_id and e.status = 'active' and e.next_action_at is null
    )
    select status from moved`;
  return row?.status ?? null;
}

/**
 * Stores what the end-of-call report says (whatever state the call is in: the report may come before
 * or after the status update that ends it). A field the report leaves out keeps what was stored.
 */
export async function recordCallReport(sql: Db, input: { workspaceId: string; callId: string; report: CallReport }): Promise<boolean> {
  const { report } = input;
  const changed = await sql`
    update calls set
      ended_reason = coalesce(${report.endedReason}, ended_reason),
      duration_s = coalesce(${report.durationS}, duration_s),
      cost_usd = coalesce(${report.costUsd}, cost_usd),
      transcript = coalesce(${report.transcript}, transcript),
      summary = coalesce(${report.summary}, summary),
      recording_url = coalesce(${report.recordingUrl}, recording_url),
      analysis = coalesce(${report.analysis ? sql.json(report.analysis as never) : null}::jsonb, analysis),
      answered_at = coalesce(answered_at, ${answeredAtFromReport(report)}),
      ended_at = coalesce(ended_at, ${report.endedAt}),
      updated_at = now()
    where workspace_id = ${input.workspaceId} and id = ${input.callId}`;
  return changed.count > 0;
}
