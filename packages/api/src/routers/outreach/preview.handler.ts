import { Invalid } from '@switchboard/core';
import { lintTemplate, renderEmail, templateContextOf } from '@switchboard/core/templates';
import { previewLeads } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TOutreachCampaignInputSchema } from './campaign.schema.ts';
import { currentSequence } from './campaign-sequence.ts';
import { rotationOf } from './campaign-mailboxes.ts';

export const PREVIEW_LEADS_MAX = 3;
/** Never a working link: a preview must not be able to unsubscribe anyone. */
export const PREVIEW_UNSUBSCRIBE_URL = 'https://unsubscribe.invalid/preview-only';

/** Each email step rendered for up to three of the campaign's real leads, from its first mailbox, with the step's lint problems. */
export async function previewHandler({ ctx, input }: { ctx: AuthedContext; input: TOutreachCampaignInputSchema }) {
  await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId);
  const [{ sequence, version }, leads, rotation] = await Promise.all([
    currentSequence(ctx.db, ctx.workspace.id, input.campaignId),
    previewLeads(ctx.db, ctx.workspace.id, input.campaignId, PREVIEW_LEADS_MAX),
    rotationOf(ctx, input.campaignId),
  ]);
  const mailbox = rotation[0] ?? null;
  const steps = sequence.steps.flatMap((step, index) => (step.type === 'email' ? [{ step, number: index + 1 }] : []));
  return {
    version,
    mailbox: mailbox ? { fromName: mailbox.fromName, fromAddress: mailbox.fromAddress } : null,
    steps: steps.map(({ step, number }) => ({ stepId: step.id, number, problems: lintTemplate(step) })),
    leads: leads.map((lead) => {
      const context = templateContextOf(lead, { name: lead.contactName, email: lead.contactEmail, role: lead.contactRole }, mailbox, PREVIEW_UNSUBSCRIBE_URL);
      return {
        leadId: lead.id,
        name: lead.name,
        email: lead.contactEmail,
        emails: steps.map(({ step }) => {
          try {
            const rendered = renderEmail(step, context);
            return { stepId: step.id, subject: rendered.subject, text: rendered.text, error: null };
          } catch (error) {
            if (!(error instanceof Invalid)) throw error;
            return { stepId: step.id, subject: null, text: null, error: error.message };
          }
        }),
      };
    }),
  };
}
