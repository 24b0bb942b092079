// A campaign ready for outreach, for api and web tests: approved leads (some without an address),
// one lead still waiting for review, and a mailbox to send from.
import type { LeadCandidate } from '@switchboard/core';
import { createCampaign, createMailbox, mergeLeadCandidates, transitionLeads, type Sql } from '@switchboard/db';
import type { TestMember } from './accounts.ts';

const TARGET = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['places' as const] };

function business(slug: string, index: number, email: string | null): LeadCandidate {
  // Named after the campaign: leads with the same name and city merge across a workspace's campaigns.
  return {
    name: `${slug} business ${index}`,
    city: 'Austin',
    country: 'US',
    source: { kind: 'places', ref: `${slug}-place-${index}`, evidence: {} },
    ...(email ? { contacts: [{ email, name: `Owner${index} Smith` }] } : {}),
  };
}

export interface OutreachCampaign {
  campaignId: string;
  /** Approved, with an email address: the leads a start enrols. */
  approvedWithEmail: string[];
  approvedWithoutEmail: string[];
  /** Has an address but is still pending review. */
  pendingId: string;
}

/** A draft campaign with `approved` approved leads (the last without an address) and one pending lead. */
export async function outreachCampaign(sql: Sql, member: TestMember, name: string, approved = 3): Promise<OutreachCampaign> {
  const { workspaceId, userId } = member;
  const campaign = await createCampaign(sql, { workspaceId, name, timeZone: 'America/Chicago', target: TARGET, createdBy: userId });
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const candidates = Array.from({ length: approved + 1 }, (_, index) => business(slug, index, index === approved - 1 ? null : `owner${index}@${slug}.example`));
  const { leads } = await mergeLeadCandidates(sql, { workspaceId, campaignId: campaign.id, candidates });
  const ids = leads.map((lead) => lead.leadId);
  await transitionLeads(sql, { workspaceId, event: 'queue_for_review', target: { ids }, changedBy: userId });
  await transitionLeads(sql, { workspaceId, event: 'approve', target: { ids: ids.slice(0, approved) }, changedBy: userId });
  return { campaignId: campaign.id, approvedWithEmail: ids.slice(0, approved - 1), approvedWithoutEmail: [ids[approved - 1]!], pendingId: ids[approved]! };
}

let mailboxes = 0;

/** An active mailbox of the member's workspace (without a postal address when `postalAddress` is null). */
export async function outreachMailbox(sql: Sql, member: TestMember, postalAddress: string | null = '1 Main St, Austin TX'): Promise<string> {
  mailboxes += 1;
  const mailbox = await createMailbox(sql, {
    workspaceId: member.workspaceId,
    fromName: 'Ann at Acme',
    fromAddress: `ann${mailboxes}@acme.test`,
    provider: 'resend',
    limitPerMinute: 1,
    limitPerHour: 5,
    limitPerDay: 20,
    signature: 'Ann',
    postalAddress,
    sendDays: [1, 2, 3, 4, 5],
    sendStartMinute: 540,
    sendEndMinute: 1020,
    createdBy: member.userId,
  });
  if (!mailbox) throw new Error('the mailbox was not created');
  return mailbox.id;
}
