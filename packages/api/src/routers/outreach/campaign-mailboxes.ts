import { listCampaignMailboxes, listMailboxes } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { emailKeyKinds, mailboxView } from '../mailboxes/serialize.ts';

/** The campaign's rotation in order, each mailbox with its settings and what stops it sending. */
export async function rotationOf(ctx: AuthedContext, campaignId: string) {
  const [rotation, mailboxes, keys] = await Promise.all([
    listCampaignMailboxes(ctx.db, ctx.workspace.id, campaignId),
    listMailboxes(ctx.db, ctx.workspace.id, { includeArchived: true }),
    emailKeyKinds(ctx),
  ]);
  const byId = new Map(mailboxes.map((mailbox) => [mailbox.id, mailbox]));
  return rotation.flatMap((entry) => {
    const mailbox = byId.get(entry.mailboxId);
    return mailbox ? [mailboxView(mailbox, keys)] : [];
  });
}
