import { Invalid, type RejectReason } from '@switchboard/core';
import { transitionLeads, type LeadTransitionResult, type TransactionSql } from '@switchboard/db';
import { recordLeadTransition, type AuditedLeadTransition } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { ZRejectReason } from './reject-reason.schema.ts';

/**
 * Moves leads through the state machine and records it in the audit log within the caller's
 * transaction, so the change and its entry commit together or not at all. A rejection says why.
 */
export async function transitionLeadsAudited(tx: TransactionSql, ctx: AuthedContext, transition: AuditedLeadTransition): Promise<LeadTransitionResult> {
  const rejectReason = transition.event === 'reject' ? checkedRejectReason(transition.rejectReason) : null;
  const result = await transitionLeads(tx, {
    workspaceId: ctx.workspace.id,
    event: transition.event,
    target: transition.target,
    changedBy: ctx.user.id,
    rejectReason,
  });
  await recordLeadTransition(tx, ctx, transition, result.changed);
  return result;
}

// The procedures' input schemas check this too; this guard keeps any other caller honest.
function checkedRejectReason(reason: RejectReason | undefined): RejectReason {
  const parsed = ZRejectReason.safeParse(reason);
  if (!parsed.success) throw new Invalid('Say why these leads are rejected.');
  return parsed.data;
}
