import { Invalid, NotFound } from '@switchboard/core';
import { resolvePublicHost } from '@switchboard/core/discovery';
import { clearMailboxImap, sealMailboxPassword, setMailboxImap } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TGetMailboxInputSchema } from './get.schema.ts';
import { emailKeyKinds, mailboxView, requireMailbox } from './serialize.ts';
import type { TSetMailboxImapInputSchema } from './set-imap.schema.ts';

/**
 * Saves where the mailbox's replies are read from. The password is sealed here and never answered
 * back (the page shows only that one is stored); saving clears "reconnect needed" until the next poll.
 */
export async function setMailboxImapHandler({ ctx, input }: { ctx: AuthedContext; input: TSetMailboxImapInputSchema }) {
  const { id, password, ...settings } = input;
  await refusePrivateImapHost(ctx, settings.host);
  const mailbox = await ctx.db.begin(async (tx) => {
    const current = await requireMailbox(tx, ctx.workspace.id, id);
    if (current.status === 'archived') throw new Invalid('An archived mailbox cannot be changed.');
    if (!password && current.imapHost === null) throw new Invalid('Give the IMAP password.');
    const passwordSealed = password ? sealMailboxPassword(ctx.masterKey, ctx.workspace.id, id, password) : null;
    const updated = await setMailboxImap(tx, ctx.workspace.id, id, { ...settings, passwordSealed }, ctx.user.id);
    if (!updated) throw new NotFound('That mailbox does not exist in this workspace.');
    // Where it connects and as whom, and whether the password changed; never the password.
    await recordAction(tx, ctx, {
      action: 'mailbox.imap_set',
      targetType: 'mailbox',
      targetId: id,
      summary: { fromAddress: updated.fromAddress, host: settings.host, port: settings.port, tls: settings.tls, username: settings.username, passwordChanged: Boolean(password) },
    });
    return updated;
  });
  return mailboxView(mailbox, await emailKeyKinds(ctx));
}

/**
 * The worker refuses to poll a private or local IMAP host (it would make the worker a probe of its own
 * network), so saving one is refused at once by the same rule rather than failing at the next poll. A
 * name that does not resolve now is kept: the poll reports it, and DNS may answer by then.
 */
async function refusePrivateImapHost(ctx: AuthedContext, host: string): Promise<void> {
  if (ctx.allowPrivateHosts) return;
  const resolved = await resolvePublicHost(host, ctx.lookupHost);
  if (resolved.kind === 'refused') throw new Invalid(`Not saved: ${resolved.reason}. Only public IMAP servers are allowed unless SMTP_ALLOW_PRIVATE_HOSTS=true is set.`);
}

/** Stops reading the mailbox's replies over IMAP and forgets its password. */
export async function clearMailboxImapHandler({ ctx, input }: { ctx: AuthedContext; input: TGetMailboxInputSchema }) {
  const mailbox = await ctx.db.begin(async (tx) => {
    await requireMailbox(tx, ctx.workspace.id, input.id);
    const cleared = await clearMailboxImap(tx, ctx.workspace.id, input.id, ctx.user.id);
    if (!cleared) throw new Invalid('This mailbox has no IMAP settings to remove.');
    await recordAction(tx, ctx, { action: 'mailbox.imap_clear', targetType: 'mailbox', targetId: input.id, summary: { fromAddress: cleared.fromAddress } });
    return cleared;
  });
  return mailboxView(mailbox, await emailKeyKinds(ctx));
}
