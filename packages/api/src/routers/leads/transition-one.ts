import { Conflict, transitionLead, type RejectReason } from '@switchboard/core';
import { transitionLeads } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireLead } from './require-lead.ts';

/** The signed-in member as the audit log names them on a lead's change. */
export function leadActor(ctx: AuthedContext) {
  return { userId: ctx.user.id, label: ctx.user.email, ip: ctx.origin.ip };
}

/**
 * Approves or rejects one lead. The state machine explains a transition that does not apply (an
 * approved lead cannot be approved again); the SQL update re-checks the status, so a lead someone
 * else decided a moment ago is a conflict rather than a silent overwrite.
 */
export async function transitionOneLead(ctx: AuthedContext, id: string, decision: { event: 'approve' } | { event: 'reject'; reason: RejectReason }) {
  const changed = await ctx.db.begin(async (tx) => {
    const lead = await requireLead(tx, ctx.workspace.id, id);
    transitionLead(lead.status, decision.event);
    const result = await transitionLeads(tx, {
      workspaceId: ctx.workspace.id,
      event: decision.event,
      target: { ids: [id] },
      actor: leadActor(ctx),
      ...(decision.event === 'reject' ? { rejectReason: decision.reason } : {}),
    });
    const [row] = result.changed;
    if (!row) throw new Conflict('Someone changed this lead a moment ago; reload and try again.');
    return { ...row, campaignId: lead.campaignId };
  });
  await ctx.publish(ctx.workspace.id, 'leads.changed', { campaignId: changed.campaignId, count: 1 });
  return { id: changed.id, name: changed.name, from: changed.from, to: changed.to };
}
