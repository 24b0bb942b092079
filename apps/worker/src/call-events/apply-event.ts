// Applies one stored Vapi server message to the call it speaks of: a status update moves the call
// forward, an end-of-call report settles it and stores its transcript, summary, recording, analysis
// and cost, a final transcript line joins the call's live transcript, and a hang is counted. The call's changes and the event's processed mark commit together, so a replay, a second
// job or a crash half-way changes nothing twice; a late or repeated message never moves a call back.
import {
  CALL_TRANSCRIPT_MAX_LINES,
  callEventFor,
  callIdFromVapiMessage,
  callOutcomeFromEndedReason,
  callStatusFromVapi,
  vapiCallReport,
  vapiMessageTime,
  vapiTranscriptLine,
  isFinalCallStatus,
  nextCallAttempt,
  ZVapiServerMessage,
  type CallStatus,
  type VapiServerMessage,
} from '@switchboard/core';
import {
  appendCallTranscriptLine,
  campaignCallRetryPolicy,
  findCallForWebhook,
  queueNextCallAttempt,
  lockCallWebhookEvent,
  markCallPlaced,
  markCallWebhookEventProcessed,
  moveCall,
  recordAssistantHang,
  recordCallReport,
  type CallRow,
  type Sql,
  type TransactionSql,
} from '@switchboard/db';
import { pauseCampaignOverCallBudget } from './pause-over-budget.ts';

export interface AppliedCallEvent {
  /** What the event did, or why it did nothing (kept on the event row). */
  outcome: string;
  workspaceId: string | null;
  campaignId: string | null;
  callId: string | null;
  /** The call's status after the event, when a call was found. */
  status: CallStatus | null;
  /** Whether the call's state or stored report changed. */
  changed: boolean;
  /** Whether the call's page has something new that is not a state change (a transcript line, a hang). */
  noted?: boolean;
  /** Whether this event ended the call (its slot is free now). */
  ended?: boolean;
  /** The next attempt queued because this one was not answered or was busy. */
  retryCallId?: string | null;
  /** Whether this event's cost took the campaign to its call budget and paused it. */
  pausedCampaign?: boolean;
}

/**
 * Applies the stored event `eventId` once. Returns null when there is no such event, and an outcome
 * saying "already applied" when it was processed before.
 */
export async function applyCallEvent(services: { sql: Sql }, eventId: string): Promise<AppliedCallEvent | null> {
  return services.sql.begin(async (tx) => {
    const event = await lockCallWebhookEvent(tx, eventId);
    if (!event) return null;
    if (event.processedAt !== null) return { outcome: 'Already applied.', workspaceId: event.workspaceId, campaignId: null, callId: event.callId, status: null, changed: false };
    const parsed = ZVapiServerMessage.safeParse(event.payload);
    const applied = parsed.success
      ? await applyMessage(tx, parsed.data, event.receivedAt)
      : nothing(`Not applied: the payload is not a Vapi server message (${parsed.error.issues[0]?.message ?? 'unreadable'}).`);
    await markCallWebhookEventProcessed(tx, { id: event.id, workspaceId: applied.workspaceId, callId: applied.callId, outcome: applied.outcome });
    return applied;
  });
}

function nothing(outcome: string, call?: CallRow): AppliedCallEvent {
  return { outcome, workspaceId: call?.workspaceId ?? null, campaignId: call?.campaignId ?? null, callId: call?.id ?? null, status: call?.status ?? null, changed: false, noted: false };
}

async function applyMessage(tx: TransactionSql, body: VapiServerMessage, receivedAt: Date): Promise<AppliedCallEvent> {
  const { message } = body;
  const vapiCallId = message.call?.id ?? null;
  const call = await findCallForWebhook(tx, { vapiCallId, callId: callIdFromVapiMessage(body) });
  if (!call) return nothing(`No call matches Vapi call ${vapiCallId ?? '(none)'}; nothing to apply.`);
  // The webhook beat POST /call's answer: Vapi's id is stored from here.
  if (vapiCallId && call.vapiCallId === null) await markCallPlaced(tx, { workspaceId: call.workspaceId, callId: call.id, vapiCallId, vapiStatus: null });
  const at = vapiMessageTime(body) ?? receivedAt;
  const ids = { workspaceId: call.workspaceId, callId: call.id };
  const result = (outcome: string, status: CallStatus, changed: boolean): AppliedCallEvent => ({ outcome, workspaceId: call.workspaceId, campaignId: call.campaignId, callId: call.id, status, changed });
  // The call ended with this event: its slot is free, and a missed or busy call gets its next attempt.
  const ended = async (applied: AppliedCallEvent, endedAt: Date): Promise<AppliedCallEvent> => {
    if (!applied.status || !isFinalCallStatus(applied.status) || isFinalCallStatus(call.status)) return applied;
    const policy = await campaignCallRetryPolicy(tx, call.workspaceId, call.campaignId);
    const next = policy ? nextCallAttempt(policy, { outcome: applied.status, attempt: call.attempt, endedAt }) : null;
    const retryCallId = next ? await queueNextCallAttempt(tx, { call, ...next }) : null;
    const outcome = retryCallId && next ? `${applied.outcome} Attempt ${next.attempt} queued for ${next.notBefore.toISOString()}.` : applied.outcome;
    return { ...applied, outcome, ended: true, retryCallId };
  };

  switch (message.type) {
    case 'status-update': {
      const vapiStatus = message.status ?? message.call?.status ?? null;
      const endedReason = message.endedReason ?? message.call?.endedReason ?? null;
      const reported = vapiStatus ? callStatusFromVapi(vapiStatus, endedReason) : null;
      if (!vapiStatus || !reported) return nothing(`Vapi status "${vapiStatus ?? '(none)'}" says nothing about where the call is.`, call);
      const event = callEventFor(call.status, reported);
      if (!event) return result(`Kept ${call.status}: "${vapiStatus}" is not news for a call that is ${call.status}.`, call.status, false);
      const moved = await moveCall(tx, { ...ids, event, at, vapiStatus: vapiStatus.slice(0, 50), endedReason: endedReason?.slice(0, 200) ?? null });
      // Another event moved the call meanwhile: the guard kept it from going back.
      if (!moved) return result(`Kept the call as it was: it moved on meanwhile.`, call.status, false);
      return ended(result(`Moved ${call.status} → ${moved} ("${vapiStatus}"${endedReason ? `, ${endedReason}` : ''}).`, moved, true), at);
    }
    case 'end-of-call-report': {
      const report = vapiCallReport(message);
      const event = callEventFor(call.status, callOutcomeFromEndedReason(report.endedReason));
      const moved = event ? await moveCall(tx, { ...ids, event, at: report.endedAt ?? at, vapiStatus: 'ended', endedReason: report.endedReason }) : null;
      await recordCallReport(tx, { ...ids, report });
      // The report carries the call's cost: the one moment a campaign's spend changes.
      const pausedCampaign = await pauseCampaignOverCallBudget(tx, call.workspaceId, call.campaignId);
      const status = moved ?? (await findCallStatus(tx, call)) ?? call.status;
      const stored = `Stored the end-of-call report${moved ? `; moved ${call.status} → ${moved}` : `; the call stays ${status}`} (${report.endedReason ?? 'no ended reason'}).`;
      const applied = await ended(result(`${stored}${pausedCampaign ? ' The campaign reached its call budget and was paused.' : ''}`, status, true), report.endedAt ?? at);
      return { ...applied, pausedCampaign };
    }
    case 'transcript': {
      const read = vapiTranscriptLine(message);
      if ('skipped' in read) return nothing(`Kept a transcript message without applying it: ${read.skipped}.`, call);
      // The report's transcript is the whole conversation: a line that straggles in after it adds nothing.
      if (isFinalCallStatus(call.status) && call.transcript !== null) return nothing(`Kept a late transcript line: the end-of-call report's transcript is stored already.`, call);
      const added = await appendCallTranscriptLine(tx, { ...ids, line: read.line, saidAt: at, maxLines: CALL_TRANSCRIPT_MAX_LINES });
      if (added === 'added') return { ...result(`Added ${read.line.role === 'assistant' ? 'an assistant' : 'a user'} line to the live transcript.`, call.status, false), noted: true };
      return nothing(added === 'full' ? `Kept a transcript line without adding it: the live transcript holds ${CALL_TRANSCRIPT_MAX_LINES} lines already.` : 'Kept a transcript line that was added already.', call);
    }
    case 'hang':
      await recordAssistantHang(tx, { ...ids, at });
      return { ...result('Noted that the assistant kept the caller waiting (hang).', call.status, false), noted: true };
    default:
      return nothing(`Kept a ${message.type} message; it does not change the call.`, call);
  }
}

async function findCallStatus(tx: TransactionSql, call: CallRow): Promise<CallStatus | null> {
  const [row]: [{ status: CallStatus }?] = await tx`select status from calls where workspace_id = ${call.workspaceId} and id = ${call.id}`;
  return row?.status ?? null;
}
