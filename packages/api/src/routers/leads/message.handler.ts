import { NotFound, REPLY_KIND_LABELS } from '@switchboard/core';
import { findLeadMessage } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TLeadMessageInputSchema } from './message.schema.ts';

/** One of the lead's messages with all of its text: the timeline shows only its start. */
export async function leadMessageHandler({ ctx, input }: { ctx: AuthedContext; input: TLeadMessageInputSchema }) {
  const message = await findLeadMessage(ctx.db, { workspaceId: ctx.workspace.id, leadId: input.leadId, messageId: input.messageId });
  if (!message) throw new NotFound('That message does not exist for this lead in this workspace.');
  return { ...message, leadId: input.leadId, kindLabel: REPLY_KIND_LABELS[message.kind], receivedAt: message.receivedAt.toISOString() };
}
