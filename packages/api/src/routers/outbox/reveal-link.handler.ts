import { NotFound } from '@switchboard/core';
import { findOutboxSecretLink } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AdminContext } from '../../procedures/index.ts';
import type { TRevealLinkInputSchema } from './reveal-link.schema.ts';
import { assertSandboxEmail } from './sandbox-only.ts';

/**
 * Shows an admin the one-time link of a sandbox email, so they can hand it to the person it was
 * for. Whoever holds it can sign in as that person, so every reveal is in the audit log.
 */
export async function revealLinkHandler({ ctx, input }: { ctx: AdminContext; input: TRevealLinkInputSchema }) {
  assertSandboxEmail(ctx);
  return ctx.db.begin(async (tx) => {
    const email = await findOutboxSecretLink(tx, { outboxId: input.id, workspaceId: ctx.workspace.id, adminUserId: ctx.user.id });
    if (!email) throw new NotFound('That outbox email does not exist here or has no link to reveal.');
    await recordAction(tx, ctx, {
      action: 'outbox.link_revealed',
      targetType: 'outbox_email',
      targetId: input.id,
      summary: { to: email.to, subject: email.subject },
    });
    return { id: input.id, to: email.to, link: email.link };
  });
}
