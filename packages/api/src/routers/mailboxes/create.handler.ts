import { ALL_MAILBOXES_CAP, assertRoomFor, Conflict, OPEN_MAILBOXES_CAP } from '@switchboard/core';
import { createMailbox, lockAndCountMailboxes } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TCreateMailboxInputSchema } from './create.schema.ts';
import { emailKeyKinds, mailboxView } from './serialize.ts';

export async function createMailboxHandler({ ctx, input }: { ctx: AuthedContext; input: TCreateMailboxInputSchema }) {
  const mailbox = await ctx.db.begin(async (tx) => {
    const existing = await lockAndCountMailboxes(tx, ctx.workspace.id);
    assertRoomFor(OPEN_MAILBOXES_CAP, existing.open);
    assertRoomFor(ALL_MAILBOXES_CAP, existing.all);
    const created = await createMailbox(tx, { ...input, workspaceId: ctx.workspace.id, createdBy: ctx.user.id });
    if (!created) throw new Conflict(`This workspace already has a mailbox for ${input.fromAddress}.`);
    await recordAction(tx, ctx, {
      action: 'mailbox.create',
      targetType: 'mailbox',
      targetId: created.id,
      summary: { fromAddress: created.fromAddress, provider: created.provider, limits: [created.limitPerMinute, created.limitPerHour, created.limitPerDay] },
    });
    return created;
  });
  return mailboxView(mailbox, await emailKeyKinds(ctx));
}
