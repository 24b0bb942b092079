import { listOutboxForAdmin } from '@switchboard/db';
import type { AdminContext } from '../../procedures/index.ts';
import { assertSandboxEmail } from './sandbox-only.ts';

const OUTBOX_LIMIT = 50;

/**
 * Emails the sandbox "sent" to people of this workspace, for its admins. One-time links come masked:
 * revealing one is a separate, audited action.
 */
export async function listOutboxHandler({ ctx }: { ctx: AdminContext }) {
  assertSandboxEmail(ctx);
  return listOutboxForAdmin(ctx.db, { workspaceId: ctx.workspace.id, adminUserId: ctx.user.id, limit: OUTBOX_LIMIT });
}
