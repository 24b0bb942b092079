import { mailboxDelivery, mailboxSendBlockers, NotFound } from '@switchboard/core';
import { getMailbox, listProviderKeys, type Db, type Mailbox } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';

/** The mailbox, or NotFound when it is not in this workspace (another workspace's ids look missing). */
export async function requireMailbox(sql: Db, workspaceId: string, id: string): Promise<Mailbox> {
  const mailbox = await getMailbox(sql, workspaceId, id);
  if (!mailbox) throw new NotFound('That mailbox does not exist in this workspace.');
  return mailbox;
}

/** Which email keys apply to this workspace: its own, and the server's. */
export async function emailKeyKinds(ctx: AuthedContext) {
  const own = await listProviderKeys(ctx.db, ctx.workspace.id);
  return { workspace: own.map((key) => key.provider), environment: ctx.envKeyKinds };
}

/**
 * A mailbox as the API answers it: dates as ISO strings, how its email would go out, and what
 * stops it sending (paused, no postal address, no key for its provider).
 */
export function mailboxView<M extends Mailbox>(mailbox: M, keys: Parameters<typeof mailboxDelivery>[1]) {
  const delivery = mailboxDelivery(mailbox.provider, keys);
  return {
    ...mailbox,
    pausedAt: mailbox.pausedAt?.toISOString() ?? null,
    imapCheckedAt: mailbox.imapCheckedAt?.toISOString() ?? null,
    // A password is stored exactly when IMAP is set (a check in the table); it never leaves the server.
    imapPasswordSet: mailbox.imapHost !== null,
    createdAt: mailbox.createdAt.toISOString(),
    updatedAt: mailbox.updatedAt.toISOString(),
    delivery,
    blockers: mailboxSendBlockers(mailbox, delivery),
  };
}
