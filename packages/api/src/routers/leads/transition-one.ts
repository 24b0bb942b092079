import { Conflict, LEAD_EVENT_LABELS, LEAD_STATUS_LABELS, leadEventTarget, transitionLead, type RejectReason } from '@switchboard/core';
import { stopLeadEnrolments } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireLead } from './require-lead.ts';
import { transitionLeadsAudited } from './transition-leads.ts';

/**
 * Approves, rejects, reopens or marks one lead replied. A lead already where the event leads (approved twice,
 * reopened twice: two people or a double click) is a conflict; the state machine explains any other
 * transition that does not apply. The SQL update re-checks the status, so a lead someone else
 * decided a moment ago is a conflict rather than a silent overwrite. Audited per lead.
 */
export async function transitionOneLead(
  ctx: AuthedContext,
  id: string,
  decision: { event: 'approve' } | { event: 'reopen' } | { event: 'mark_replied' } | { event: 'reject'; reason: RejectReason },
) {
  const changed = await ctx.db.begin(async (tx) => {
    const lead = await requireLead(tx, ctx.workspace.id, id);
    if (lead.status === leadEventTarget(decision.event)) {
      throw new Conflict(`This lead is already ${LEAD_STATUS_LABELS[lead.status].toLowerCase()}: it was ${LEAD_EVENT_LABELS[decision.event]} a moment ago. Reload to see it.`);
    }
    transitionLead(lead.status, decision.event);
    const result = await transitionLeadsAudited(tx, ctx, {
      event: decision.event,
      target: { ids: [id] },
      ...(decision.event === 'reject' ? { rejectReason: decision.reason } : {}),
    });
    const [row] = result.changed;
    if (!row) throw new Conflict('Someone changed this lead a moment ago; reload and try again.');
    if (decision.event === 'mark_replied') await stopLeadEnrolments(tx, { workspaceId: ctx.workspace.id, leadIds: [id], reason: 'replied' });
    return { ...row, campaignId: lead.campaignId };
  });
  await ctx.publish(ctx.workspace.id, 'leads.changed', { campaignId: changed.campaignId, count: 1 });
  return { id: changed.id, name: changed.name, from: changed.from, to: changed.to };
}
