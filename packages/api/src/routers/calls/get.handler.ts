import { CALL_STATUS_LABELS, CALL_TRANSCRIPT_MAX_LINES, NotFound, SANDBOX_CALL_PHONE_NUMBER_ID } from '@switchboard/core';
import { findCall, findCallParties, listCallTranscriptLines } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TCallInputSchema } from './calls.schema.ts';

/**
 * One call for its page: who it is to and for, status, times, the live transcript lines (until the
 * report's transcript replaces them), summary, recording link and cost. Another workspace's call is not found.
 */
export async function getCallHandler({ ctx, input }: { ctx: AuthedContext; input: TCallInputSchema }) {
  const workspaceId = ctx.workspace.id;
  const [call, parties] = await Promise.all([findCall(ctx.db, workspaceId, input.callId), findCallParties(ctx.db, workspaceId, input.callId)]);
  if (!call || !parties) throw new NotFound('That call does not exist in this workspace.');
  const liveTranscript = call.transcript === null ? await listCallTranscriptLines(ctx.db, { workspaceId, callId: call.id, limit: CALL_TRANSCRIPT_MAX_LINES }) : [];
  // The attempt key and Vapi's ids are ours to place the call once; the page has no use for them.
  const { attemptKey: _attemptKey, phoneNumberId: _phoneNumberId, vapiCallId: _vapiCallId, ...shown } = call;
  // A sandbox call was never on a phone line: its page says why there is no recording.
  return { ...shown, ...parties, statusLabel: CALL_STATUS_LABELS[call.status], liveTranscript, sandbox: call.phoneNumberId === SANDBOX_CALL_PHONE_NUMBER_ID };
}
