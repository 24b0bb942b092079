// Reconciliation: a live call nothing has moved for longer than a bound is asked about with
// GET /call/{id}, and what Vapi says is stored as a status update and applied by the same path as
// Vapi's webhooks (stored once by its key, never moving a call backwards). A call still `dialing`
// without a Vapi id after the bound was in doubt (its POST /call got no answer, or its worker died
// after the claim): it is marked failed, "in doubt", and never dialed again.
import { createHash } from 'node:crypto';
import { vapiEventKey, type Logger, type VapiServerMessage } from '@switchboard/core';
import { findCallWebhookEventByKey, moveCall, staleLiveCalls, storeCallWebhookEvent, touchCall, type Sql, type StaleCall } from '@switchboard/db';
import { VAPI_TIMEOUT_MS, type VapiCallSnapshot, type VoiceCaller } from '../adapters/voice/index.ts';
import { applyCallEvent, type AppliedCallEvent } from '../call-events/apply-event.ts';
import { callChangesOf, type CallChange } from './publish-call-changes.ts';

/** How long a call may sit in one live state before Vapi is asked about it (a call's ring and talk take minutes). */
export const CALL_STALE_AFTER_MS = 15 * 60_000;
const CALLS_PER_RECONCILE = 100;
// A call without a Vapi id is failed as in doubt only once its POST /call cannot still be in flight
// (whatever the bound): a late answer for a call already failed would leave a real call marked failed.
const IN_DOUBT_AFTER_MS = VAPI_TIMEOUT_MS + 10_000;

export interface ReconcileServices {
  sql: Sql;
  log: Logger;
  voiceCaller: (workspaceId: string) => Promise<VoiceCaller | null>;
}

export interface ReconcileOutcome {
  /** Calls settled or moved from Vapi's answer. */
  settled: AppliedCallEvent[];
  /** Calls marked failed as in doubt (never taken by Vapi as far as we know). */
  failedInDoubt: number;
  /** Calls Vapi still has going. */
  stillLive: number;
  /** Each call reconciliation moved and where it is now, for the live board. */
  changes: CallChange[];
}

export async function reconcileStaleCalls(services: ReconcileServices, options: { staleAfterMs?: number; now?: Date } = {}): Promise<ReconcileOutcome> {
  const now = options.now ?? new Date();
  const before = new Date(now.getTime() - (options.staleAfterMs ?? CALL_STALE_AFTER_MS));
  const outcome: ReconcileOutcome = { settled: [], failedInDoubt: 0, stillLive: 0, changes: [] };
  for (const call of await staleLiveCalls(services.sql, { before, limit: CALLS_PER_RECONCILE })) {
    const ids = { workspaceId: call.workspaceId, callId: call.id };
    const failed = () => outcome.changes.push({ workspaceId: call.workspaceId, campaignId: call.campaignId, callId: call.id, status: 'failed' });
    if (!call.vapiCallId) {
      if (now.getTime() - call.updatedAt.getTime() < IN_DOUBT_AFTER_MS) continue;
      // Vapi never named this call (no answer to POST /call, no webhook since): it is not asked for again.
      const moved = await moveCall(services.sql, { ...ids, event: 'fail', at: now, failure: 'in doubt: Vapi never confirmed the call, so it was not placed again.' });
      if (moved) {
        outcome.failedInDoubt += 1;
        failed();
      }
      continue;
    }
    const caller = await services.voiceCaller(call.workspaceId);
    if (!caller) continue;
    let snapshot: VapiCallSnapshot | null;
    try {
      snapshot = await caller.getCall(call.vapiCallId);
    } catch (error) {
      services.log.warn({ callId: call.id, err: error }, 'reconciliation could not ask Vapi about a call; the next tick asks again');
      continue;
    }
    if (!snapshot) {
      if (await moveCall(services.sql, { ...ids, event: 'fail', at: now, failure: `Vapi has no call ${call.vapiCallId}.` })) failed();
      continue;
    }
    const applied = await applySnapshot(services.sql, call, snapshot, now);
    if (applied) outcome.changes.push(...callChangesOf(applied));
    if (applied?.ended) outcome.settled.push(applied);
    else {
      await touchCall(services.sql, ids);
      outcome.stillLive += 1;
    }
  }
  return outcome;
}

/** Vapi's answer as the status update it would have sent, stored under the same key and applied by the webhook path. */
async function applySnapshot(sql: Sql, call: StaleCall, snapshot: VapiCallSnapshot, now: Date): Promise<AppliedCallEvent | null> {
  const message = {
    type: 'status-update',
    status: snapshot.status,
    endedReason: snapshot.endedReason,
    timestamp: (snapshot.endedAt ?? now).getTime(),
    call: { id: snapshot.vapiCallId, status: snapshot.status, endedReason: snapshot.endedReason, assistantOverrides: { metadata: { callId: call.id } } },
  } satisfies VapiServerMessage['message'];
  const body = { message, source: 'reconciliation' };
  const eventKey = vapiEventKey({ message }, createHash('sha256').update(JSON.stringify(body)).digest('hex'));
  const stored = await storeCallWebhookEvent(sql, { eventKey, vapiCallId: snapshot.vapiCallId, type: 'status-update', payload: body });
  // Vapi's own webhook for this status is stored already: apply that one (a no-op if it was).
  const eventId = stored.stored ? stored.id : (await findCallWebhookEventByKey(sql, eventKey))?.id;
  return eventId ? applyCallEvent({ sql }, eventId) : null;
}
