import { listMailboxes } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TGetMailboxInputSchema } from './get.schema.ts';
import { emailKeyKinds, mailboxView, requireMailbox } from './serialize.ts';

/** The workspace's mailboxes (archived ones left out), each with the last 24 hours' sends against its daily limit. */
export async function listMailboxesHandler({ ctx }: { ctx: AuthedContext }) {
  const [mailboxes, keys] = await Promise.all([listMailboxes(ctx.db, ctx.workspace.id), emailKeyKinds(ctx)]);
  return mailboxes.map((mailbox) => mailboxView(mailbox, keys));
}

export async function getMailboxHandler({ ctx, input }: { ctx: AuthedContext; input: TGetMailboxInputSchema }) {
  const [mailbox, keys] = await Promise.all([requireMailbox(ctx.db, ctx.workspace.id, input.id), emailKeyKinds(ctx)]);
  return mailboxView(mailbox, keys);
}
