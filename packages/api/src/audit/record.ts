import { appendAudit, type TransactionSql } from '@switchboard/db';
import type { AuthedContext } from '../procedures/index.ts';

export interface AuditedAction {
  action: string;
  targetType?: string;
  targetId?: string;
  /** What changed, without secrets: hints, not keys. */
  summary?: Record<string, unknown>;
}

/** Records something the signed-in user did in their workspace, in the transaction that did it. */
export function recordAction(tx: TransactionSql, ctx: AuthedContext, entry: AuditedAction): Promise<void> {
  return appendAudit(tx, {
    workspaceId: ctx.workspace.id,
    actorUserId: ctx.user.id,
    actorLabel: ctx.user.email,
    ip: ctx.origin.ip,
    ...entry,
  });
}
