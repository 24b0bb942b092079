import { Conflict, mailboxStatusesAllowing, transitionMailbox, type MailboxEvent } from '@switchboard/core';
import { setMailboxStatus } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TGetMailboxInputSchema } from './get.schema.ts';
import { emailKeyKinds, mailboxView, requireMailbox } from './serialize.ts';
import type { TPauseMailboxInputSchema } from './set-status.schema.ts';

/** Moves a mailbox through its state machine; the SQL checks the current status, so two clicks cannot both win. */
async function changeStatus(ctx: AuthedContext, id: string, event: MailboxEvent, reason: string | null) {
  const mailbox = await ctx.db.begin(async (tx) => {
    const current = await requireMailbox(tx, ctx.workspace.id, id);
    // Throws Invalid with the state machine's words when the event does not apply.
    const to = transitionMailbox(current.status, event);
    const updated = await setMailboxStatus(tx, ctx.workspace.id, id, { from: mailboxStatusesAllowing(event), to, reason, by: ctx.user.id });
    if (!updated) throw new Conflict('Someone changed this mailbox a moment ago; reload the page and try again.');
    await recordAction(tx, ctx, {
      action: `mailbox.${event}`,
      targetType: 'mailbox',
      targetId: id,
      summary: { fromAddress: current.fromAddress, from: current.status, to, ...(reason ? { reason } : {}) },
    });
    return updated;
  });
  return mailboxView(mailbox, await emailKeyKinds(ctx));
}

export function pauseMailboxHandler({ ctx, input }: { ctx: AuthedContext; input: TPauseMailboxInputSchema }) {
  return changeStatus(ctx, input.id, 'pause', input.reason);
}

export function resumeMailboxHandler({ ctx, input }: { ctx: AuthedContext; input: TGetMailboxInputSchema }) {
  return changeStatus(ctx, input.id, 'resume', null);
}

/** Archived mailboxes stop sending for good and leave every campaign's rotation; their sends stay in the history. */
export function archiveMailboxHandler({ ctx, input }: { ctx: AuthedContext; input: TGetMailboxInputSchema }) {
  return changeStatus(ctx, input.id, 'archive', null);
}
