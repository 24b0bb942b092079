import { CALL_STATUS_LABELS, NotFound } from '@switchboard/core';
import { findCall } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TCallInputSchema } from './calls.schema.ts';

/** One call for its page: status, times, transcript, summary, recording link and cost. Another workspace's call is not found. */
export async function getCallHandler({ ctx, input }: { ctx: AuthedContext; input: TCallInputSchema }) {
  const call = await findCall(ctx.db, ctx.workspace.id, input.callId);
  if (!call) throw new NotFound('That call does not exist in this workspace.');
  // The attempt key and Vapi's ids are ours to place the call once; the page has no use for them.
  const { attemptKey: _attemptKey, phoneNumberId: _phoneNumberId, vapiCallId: _vapiCallId, ...shown } = call;
  return { ...shown, statusLabel: CALL_STATUS_LABELS[call.status] };
}
