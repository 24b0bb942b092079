import { ENROLMENT_STOP_REASON_LABELS } from '@switchboard/core';
import { listCampaignEnrolments } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TEnrolledLeadsInputSchema } from './enrolled-leads.schema.ts';

export const ENROLLED_LEADS_PAGE_SIZE = 25;

/** The campaign's leads in its sequence, most recently active first: each row opens the lead's timeline. */
export async function enrolledLeadsHandler({ ctx, input }: { ctx: AuthedContext; input: TEnrolledLeadsInputSchema }) {
  await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId);
  const { rows, total } = await listCampaignEnrolments(ctx.db, { workspaceId: ctx.workspace.id, campaignId: input.campaignId, limit: ENROLLED_LEADS_PAGE_SIZE, offset: (input.page - 1) * ENROLLED_LEADS_PAGE_SIZE });
  return {
    leads: rows.map((row) => ({ ...row, lastActivityAt: row.lastActivityAt.toISOString(), stopReasonLabel: row.stopReason ? ENROLMENT_STOP_REASON_LABELS[row.stopReason] : null })),
    total,
    page: input.page,
    pageCount: Math.max(1, Math.ceil(total / ENROLLED_LEADS_PAGE_SIZE)),
  };
}
