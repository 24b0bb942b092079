import type { LeadEvent, RejectReason } from '@switchboard/core';
import { appendAudit, appendAuditToEach, type AuditEntryInput, type Db, type LeadFilter, type LeadTransitionResult, type TransactionSql } from '@switchboard/db';
import type { AuthedContext } from '../procedures/index.ts';

// The one writer of the audit log: everything that records an entry comes through here, in the
// transaction that made the change, so an entry never describes a change that rolled back.

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

/**
 * Records what someone did before they are a signed-in member of a workspace (a sign-in, a failed
 * one, an emailed link, setup) or from the command line, naming the actor explicitly.
 */
export function recordEntry(sql: Db, entry: AuditEntryInput): Promise<void> {
  return appendAudit(sql, entry);
}

/**
 * Records what someone did before they are a signed-in member (a failed sign-in) in the log of each
 * workspace it concerns, in one write however many there are.
 */
export function recordEntryInEach(sql: Db, workspaceIds: readonly string[], entry: Omit<AuditEntryInput, 'workspaceId' | 'scope'>): Promise<void> {
  return appendAuditToEach(sql, workspaceIds, entry);
}

export interface AuditedLeadTransition {
  event: LeadEvent;
  target: { ids: string[] } | { filter: LeadFilter };
  rejectReason?: RejectReason;
}

/** One entry per lead when one lead was decided on; one summary entry for a bulk change. */
export async function recordLeadTransition(tx: TransactionSql, ctx: AuthedContext, transition: AuditedLeadTransition, changed: LeadTransitionResult['changed']): Promise<void> {
  if (changed.length === 0) return;
  const reason = transition.event === 'reject' && transition.rejectReason ? { reason: transition.rejectReason } : {};
  if ('ids' in transition.target && transition.target.ids.length === 1) {
    for (const lead of changed) {
      await recordAction(tx, ctx, {
        action: `lead.${transition.event}`,
        targetType: 'lead',
        targetId: lead.id,
        summary: { name: lead.name, from: lead.from, to: lead.to, ...reason },
      });
    }
    return;
  }
  await recordAction(tx, ctx, {
    action: `lead.bulk_${transition.event}`,
    targetType: 'lead',
    summary: {
      count: changed.length,
      ...('ids' in transition.target ? { ids: changed.map((lead) => lead.id) } : { filter: transition.target.filter }),
      ...reason,
    },
  });
}
