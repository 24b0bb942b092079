import { Conflict, NotFound, transitionCall } from '@switchboard/core';
import { findCall, moveCall } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TCallInputSchema } from './calls.schema.ts';

/** Cancels a queued call (a call being dialed may already ring: it is not canceled). */
export async function cancelCallHandler({ ctx, input }: { ctx: AuthedContext; input: TCallInputSchema }) {
  const canceled = await ctx.db.begin(async (tx) => {
    const call = await findCall(tx, ctx.workspace.id, input.callId);
    if (!call) throw new NotFound('That call does not exist in this workspace.');
    // Throws Invalid in the state machine's words for a call that is not queued.
    transitionCall(call.status, 'cancel');
    const moved = await moveCall(tx, { workspaceId: ctx.workspace.id, callId: call.id, event: 'cancel', at: new Date(), failure: 'Canceled by an operator.' });
    if (!moved) throw new Conflict('The call was placed a moment ago, so it can no longer be canceled.');
    await recordAction(tx, ctx, { action: 'calls.cancel', targetType: 'call', targetId: call.id, summary: { campaignId: call.campaignId, attempt: call.attempt } });
    return { id: call.id, campaignId: call.campaignId, enrolmentId: call.enrolmentId ?? null, status: moved };
  });
  await ctx.publish(ctx.workspace.id, 'calls.changed', { callId: canceled.id, campaignId: canceled.campaignId, status: canceled.status });
  // A sequence's call: the cancel woke its enrolment, which goes on now rather than at outreach.tick's next minute.
  if (canceled.enrolmentId) await ctx.enqueue('outreach.tick', {}, { wakeUp: true });
  return { status: canceled.status };
}
