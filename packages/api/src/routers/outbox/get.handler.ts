import { hideUnsubscribeLinks, NotFound, roleAllows } from '@switchboard/core';
import { findOutboxEmail } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TGetOutboxEmailInputSchema } from './get.schema.ts';
import { assertSandboxEmail } from './sandbox-only.ts';

/**
 * One email of the sandbox outbox with its HTML part and headers: a campaign email for any member of
 * the workspace that sent it (its unsubscribe link hidden from viewers), a sign-in or reset email (link masked) only for an admin who may read it
 * in the list. Anything else, another workspace's email included, is not found.
 */
export async function getOutboxEmailHandler({ ctx, input }: { ctx: AuthedContext; input: TGetOutboxEmailInputSchema }) {
  assertSandboxEmail(ctx);
  const email = await findOutboxEmail(ctx.db, { outboxId: input.id, workspaceId: ctx.workspace.id, userId: ctx.user.id, isAdmin: roleAllows(ctx.user.role, 'admin') });
  if (!email) throw new NotFound('That outbox email does not exist in this workspace.');
  const detail = { ...email, createdAt: email.createdAt.toISOString() };
  // Its signed unsubscribe link unsubscribes the lead, which a viewer may not do.
  if (roleAllows(ctx.user.role, 'operator')) return detail;
  return {
    ...detail,
    bodyText: hideUnsubscribeLinks(detail.bodyText),
    bodyHtml: detail.bodyHtml === null ? null : hideUnsubscribeLinks(detail.bodyHtml),
    headers: Object.fromEntries(Object.entries(detail.headers).map(([name, value]) => [name, hideUnsubscribeLinks(value)])),
  };
}
