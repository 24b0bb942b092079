import { defaultSequence } from '@switchboard/core';
import { createCampaign, enrolApprovedLeads, mergeLeadCandidates, setCampaignSequence, setCampaignStatus, transitionLeads, type Sql } from '@switchboard/db';

/**
 * An active campaign in Austin with the default sequence and `leads` approved leads (each with one
 * address at a domain made from `name`), all enrolled from `startAt`.
 */
export async function startedCampaign(sql: Sql, member: { workspaceId: string; userId: string }, input: { name: string; leads: number; startAt: Date }) {
  const { workspaceId, userId } = member;
  const sequence = defaultSequence();
  const domain = input.name.toLowerCase().replaceAll(' ', '-');
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  const campaign = await createCampaign(sql, { workspaceId, name: input.name, timeZone: 'America/Chicago', target, createdBy: userId });
  const candidates = Array.from({ length: input.leads }, (_, index) => ({
    name: `${input.name} ${index}`,
    city: 'Austin',
    region: 'Texas',
    country: 'US',
    contacts: [{ email: `owner${index}@${domain}.example` }],
    source: { kind: 'search' as const, ref: `https://${domain}-${index}.example/`, evidence: {} },
  }));
  const merged = await mergeLeadCandidates(sql, { workspaceId, campaignId: campaign.id, candidates });
  const ids = merged.leads.map((lead) => lead.leadId);
  for (const event of ['queue_for_review', 'approve'] as const) await transitionLeads(sql, { workspaceId, event, target: { ids }, changedBy: userId });
  await setCampaignSequence(sql, { workspaceId, campaignId: campaign.id, sequence, by: userId });
  await setCampaignStatus(sql, workspaceId, campaign.id, { from: ['draft'], to: 'active', by: userId });
  await enrolApprovedLeads(sql, { workspaceId, campaignId: campaign.id, enrolledBy: userId, firstStepId: sequence.steps[0]!.id, startAt: input.startAt });
  return { campaignId: campaign.id, leadIds: ids, domain };
}
