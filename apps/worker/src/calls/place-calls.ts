// The call scheduler's placing half: for each workspace and Vapi number with queued calls due, claim
// up to the free slots (the cap is counted in Postgres from the live rows, so it holds across worker
// processes and restarts), then place each claimed call once. The claim commits the call as
// `dialing` with its attempt key before POST /call, so a crash after it leaves the call in doubt and
// no worker dials it again; reconciliation settles it.
import {
  calleeTimeZone,
  DEFAULT_CALLING_WINDOW,
  isWithinCallingWindow,
  nextCallingWindowOpening,
  outsideCallingWindowReason,
  SANDBOX_CALL_ASSISTANT_ID,
  SANDBOX_CALL_PHONE_NUMBER_ID,
  ZCallingWindow,
  type CallingWindow,
  type CallStatus,
  type Logger,
} from '@switchboard/core';
import {
  callDialTargets,
  callGroupsDue,
  claimCallsToDial,
  markCallPlaced,
  moveCall,
  noteCallInDoubt,
  requeueCall,
  type CallDialTarget,
  type CallRow,
  type Sql,
} from '@switchboard/db';
import pLimit from 'p-limit';
import { CallInDoubt, CallRefused, type VoiceCaller } from '../adapters/voice/index.ts';
import type { CallChange } from './publish-call-changes.ts';

/** How long a call Vapi asked us to hold back waits when Vapi did not say (a 429 without Retry-After, its concurrency limit). */
export const CALL_BACKOFF_SECONDS = 30;
// Groups (workspace × Vapi number) one tick serves; the rest are the next tick's.
const GROUPS_PER_TICK = 200;
// Claims per group in one tick: a claim whose calls all went back to the queue (window closed) is followed by another.
const CLAIMS_PER_GROUP = 5;
// Groups served at once. Each waits on Vapi (a real POST /call takes ~300 ms), so one after another a
// tick with many free groups would take minutes; each holds a pooled connection only while it claims
// and records, and the caps stay safe (claims lock their workspace and number).
export const GROUPS_AT_ONCE = 4;

export interface PlaceCallsServices {
  sql: Sql;
  log: Logger;
  /** Vapi for a workspace (its key, else the environment's), or null: then its calls stay queued. */
  voiceCaller: (workspaceId: string) => Promise<VoiceCaller | null>;
}

export interface PlaceCallsOutcome {
  placed: number;
  requeued: number;
  inDoubt: number;
  failed: number;
  /** Workspaces whose calls moved, for the board. */
  workspaceIds: string[];
  /** Each call this tick moved and where it is now, for the live board. */
  changes: CallChange[];
}

const STATUS_AFTER: Readonly<Record<PlaceResult, CallStatus>> = Object.freeze({ placed: 'dialing', inDoubt: 'dialing', requeued: 'queued', failed: 'failed' });

export async function placeDueCalls(services: PlaceCallsServices, options: { cap: number; now?: () => Date }): Promise<PlaceCallsOutcome> {
  const now = options.now ?? (() => new Date());
  const outcome: PlaceCallsOutcome = { placed: 0, requeued: 0, inDoubt: 0, failed: 0, workspaceIds: [], changes: [] };
  // One lookup per workspace, shared by its groups served at the same time.
  const callers = new Map<string, Promise<VoiceCaller | null>>();
  const callerFor = (workspaceId: string) => {
    if (!callers.has(workspaceId)) callers.set(workspaceId, services.voiceCaller(workspaceId));
    return callers.get(workspaceId)!;
  };
  const serveGroup = async (group: CallGroup) => {
    const caller = await callerFor(group.workspaceId);
    // No Vapi key for this workspace: its calls wait, queued, for one.
    if (!caller) return;
    let moved = false;
    for (let round = 0; round < CLAIMS_PER_GROUP; round += 1) {
      const { claimed } = await claimCallsToDial(services.sql, { ...group, now: now(), limit: options.cap, workspaceCap: options.cap, phoneNumberCap: options.cap });
      if (claimed.length === 0) break;
      moved = true;
      const targets = new Map((await callDialTargets(services.sql, group.workspaceId, claimed.map((call) => call.id))).map((target) => [target.callId, target]));
      const results = await Promise.all(claimed.map((call) => placeClaimedCall(services, caller, call, targets.get(call.id), now())));
      results.forEach((result, index) => {
        const call = claimed[index]!;
        outcome[result] += 1;
        outcome.changes.push({ workspaceId: call.workspaceId, campaignId: call.campaignId, callId: call.id, status: STATUS_AFTER[result] });
      });
      // Every claimed call was placed (or is in doubt, or failed): the slots are taken until calls end.
      if (!results.includes('requeued')) break;
    }
    if (moved && !outcome.workspaceIds.includes(group.workspaceId)) outcome.workspaceIds.push(group.workspaceId);
  };
  const groups = await callGroupsDue(services.sql, { now: now(), limit: GROUPS_PER_TICK, workspaceCap: options.cap, phoneNumberCap: options.cap });
  const served = pLimit(GROUPS_AT_ONCE);
  // Every group finishes before the tick answers, even when one fails: then the tick fails with its error.
  const settled = await Promise.allSettled(groups.map((group) => served(() => serveGroup(group))));
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return outcome;
}

type CallGroup = Awaited<ReturnType<typeof callGroupsDue>>[number];

type PlaceResult = 'placed' | 'requeued' | 'inDoubt' | 'failed';

function callingWindow(target: CallDialTarget): CallingWindow {
  if (target.callWindow === null || target.callWindow === undefined) return DEFAULT_CALLING_WINDOW;
  const parsed = ZCallingWindow.safeParse(target.callWindow);
  return parsed.success ? parsed.data : DEFAULT_CALLING_WINDOW;
}

/** Places one claimed (`dialing`) call once. Whatever happens, the call is never asked for twice. */
export async function placeClaimedCall(
  services: PlaceCallsServices,
  caller: VoiceCaller,
  call: CallRow,
  target: CallDialTarget | undefined,
  now: Date,
): Promise<PlaceResult> {
  const { sql, log } = services;
  const ids = { workspaceId: call.workspaceId, callId: call.id };
  const assistantId = target?.assistantId ?? (caller.sandbox ? SANDBOX_CALL_ASSISTANT_ID : null);
  if (!target || !assistantId) {
    await moveCall(sql, { ...ids, event: 'fail', at: now, failure: 'The campaign has no Vapi assistant set, so the call was not placed.' });
    return 'failed';
  }
  // Queued while no Vapi key applied; Vapi knows no such number, and which real one to use was never chosen.
  if (!caller.sandbox && call.phoneNumberId === SANDBOX_CALL_PHONE_NUMBER_ID) {
    await moveCall(sql, { ...ids, event: 'fail', at: now, failure: 'The call was queued for the sandbox caller, before a Vapi key applied, so it has no Vapi number to call from and was not placed.' });
    return 'failed';
  }
  const window = callingWindow(target);
  const timeZone = calleeTimeZone({ country: target.country, region: target.region, phone: call.toNumber }, target.campaignTimeZone);
  if (!isWithinCallingWindow(window, timeZone, now)) {
    await requeueCall(sql, { ...ids, notBefore: nextCallingWindowOpening(window, timeZone, now), reason: outsideCallingWindowReason(timeZone) });
    return 'requeued';
  }
  try {
    const placed = await caller.createCall({ callId: call.id, assistantId, phoneNumberId: call.phoneNumberId, customer: { number: call.toNumber, name: target.leadName } });
    await markCallPlaced(sql, { ...ids, vapiCallId: placed.vapiCallId, vapiStatus: placed.status });
    return 'placed';
  } catch (error) {
    if (error instanceof CallRefused && error.retriable) {
      const seconds = error.retryAfterSeconds ?? CALL_BACKOFF_SECONDS;
      await requeueCall(sql, { ...ids, notBefore: new Date(now.getTime() + seconds * 1000), reason: `Vapi held the call back: ${error.message}` });
      log.info({ callId: call.id, retryAfterSeconds: seconds, reason: error.reason }, 'Vapi held a call back; it is queued again');
      return 'requeued';
    }
    if (error instanceof CallRefused) {
      await moveCall(sql, { ...ids, event: 'fail', at: now, failure: error.message });
      return 'failed';
    }
    const reason = error instanceof CallInDoubt ? error.message : error instanceof Error ? error.message : String(error);
    // Vapi may have placed it: never asked again. Its webhooks or reconciliation settle it.
    await noteCallInDoubt(sql, { ...ids, reason });
    log.warn({ callId: call.id, reason }, 'a call is in doubt: Vapi may have placed it; it is settled by webhooks or reconciliation, never dialed again');
    return 'inDoubt';
  }
}
