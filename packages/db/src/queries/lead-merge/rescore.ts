// Scores change after the merge that wrote them (a site found unreachable, new campaign weights): this recomputes them.
import { scoreLead } from '@switchboard/core';
import type { TransactionSql } from '../../client.ts';
import type { StoredLeadRow } from './owners.ts';
import { CampaignScoring } from './scoring.ts';
import { inTransaction, type Db } from '../../client.ts';
import { lockWorkspaceLeads } from './transaction.ts';

/** Leads rescored per statement pair: the same order of size as a merge chunk. */
const RESCORE_CHUNK_SIZE = 5_000;

/**
 * Recomputes score, confidence and reasons of the given leads from what is stored, e.g. after a
 * site was found unreachable or a campaign's weights changed.
 */
export async function rescoreLeads(sql: Db, workspaceId: string, leadIds: string[], now: Date = new Date()): Promise<number> {
  if (leadIds.length === 0) return 0;
  return inTransaction(sql, async (tx) => {
    const scoring = new CampaignScoring(tx, workspaceId);
    let rescored = 0;
    for (let start = 0; start < leadIds.length; start += RESCORE_CHUNK_SIZE) {
      rescored += await rescoreChunk(tx, workspaceId, leadIds.slice(start, start + RESCORE_CHUNK_SIZE), scoring, now);
    }
    return rescored;
  });
}

/**
 * Rescores every lead of a campaign with its current weights and target categories (after they
 * changed), in chunks, in the caller's transaction when given one. Waits for merges into the
 * workspace to finish, so none writes scores from the old weights afterwards. Returns the count.
 */
export async function rescoreCampaignLeads(sql: Db, workspaceId: string, campaignId: string, now: Date = new Date()): Promise<number> {
  return inTransaction(sql, async (tx) => {
    await lockWorkspaceLeads(tx, workspaceId);
    const rows = await tx<{ id: string }[]>`
      select id from leads where workspace_id = ${workspaceId} and campaign_id = ${campaignId} order by id`;
    return rescoreLeads(tx, workspaceId, rows.map((row) => row.id), now);
  });
}

async function rescoreChunk(tx: TransactionSql, workspaceId: string, leadIds: string[], scoring: CampaignScoring, now: Date): Promise<number> {
  // Locked in id order, as bulk transitions lock, so a rescore and a bulk approve queue rather than deadlock.
  const rows = await tx<(Pick<StoredLeadRow, 'id' | 'campaignId' | 'domain' | 'phone' | 'websiteReachable' | 'hasContactForm' | 'rating' | 'reviewCount' | 'category'> & { lastSeenAt: Date; emails: string[] })[]>`
    select l.id, l.campaign_id as "campaignId", l.domain, l.phone, l.website_reachable as "websiteReachable",
           l.has_contact_form as "hasContactForm", l.rating::float8 as rating, l.review_count as "reviewCount", l.category,
           l.last_seen_at as "lastSeenAt",
           coalesce((select array_agg(c.email) from lead_contacts c where c.lead_id = l.id and c.email is not null), '{}') as emails
    from leads l where l.workspace_id = ${workspaceId} and l.id = any(${leadIds}::uuid[])
    order by l.id
    for update of l`;
  await scoring.load(rows.map((row) => row.campaignId));
  const ids: string[] = [];
  const scores: number[] = [];
  const reasons: string[] = [];
  const confidences: string[] = [];
  for (const row of rows) {
    const settings = scoring.settingsFor(row.campaignId);
    const score = scoreLead(
      {
        domain: row.domain,
        emails: row.emails,
        phone: row.phone,
        websiteReachable: row.websiteReachable,
        hasContactForm: row.hasContactForm,
        rating: row.rating,
        reviewCount: row.reviewCount,
        category: row.category,
        lastSeenAt: row.lastSeenAt,
      },
      { weights: settings.weights, targetCategories: settings.categories, now },
    );
    ids.push(row.id);
    scores.push(score.score);
    reasons.push(JSON.stringify(score.reasons));
    confidences.push(score.confidence);
  }
  if (ids.length === 0) return 0;
  await tx`
    update leads l set score = u.score, score_reasons = u.reasons::json, confidence = u.confidence, updated_at = now()
    from unnest(${ids}::uuid[], ${scores}::int[], ${reasons}::text[], ${confidences}::text[]) as u(id, score, reasons, confidence)
    where l.workspace_id = ${workspaceId} and l.id = u.id`;
  return ids.length;
}
