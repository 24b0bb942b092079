import { appendAudit, type TransactionSql } from '@switchboard/db';
import type { AuthedContext } from '../procedures/index.ts';

export interface AuditedAction {
  action: string;
  targetType?: string;
  targetId?: string;
  /** What changed, without secrets: hints, not keys. */
  summary?: Record<string, unknown>;
}

function actorOf(ctx: AuthedContext) {
  return { actorUserId: ctx.user.id, actorLabel: ctx.user.email, ip: ctx.origin.ip };
}

/** Records something the signed-in user did in their workspace, in the transaction that did it. */
export function recordAction(tx: TransactionSql, ctx: AuthedContext, entry: AuditedAction): Promise<void> {
  return appendAudit(tx, { workspaceId: ctx.workspace.id, ...actorOf(ctx), ...entry });
}

/**
 * Records a change to the whole installation (an owner changing a setting every workspace runs
 * under): written once, without a workspace, and listed in every workspace's audit log.
 */
export function recordInstallationAction(tx: TransactionSql, ctx: AuthedContext, entry: AuditedAction): Promise<void> {
  return appendAudit(tx, { workspaceId: null, scope: 'installation', ...actorOf(ctx), ...entry });
}
