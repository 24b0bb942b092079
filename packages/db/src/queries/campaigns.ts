import type { CampaignStatus, CampaignTarget, ScoreWeights } from '@switchboard/core';
import type { Db, TransactionSql } from '../client.ts';
import { lockForTransaction } from './advisory-locks.ts';


export interface Campaign {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  status: CampaignStatus;
  ownerUserId: string | null;
  ownerEmail: string | null;
  timeZone: string;
  target: CampaignTarget;
  /** Overrides of DEFAULT_SCORE_WEIGHTS; an empty object means the defaults. */
  scoreWeights: Partial<ScoreWeights>;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CampaignSummary extends Campaign {
  leadCount: number;
  pendingReviewCount: number;
}

const CAMPAIGN_COLUMNS = (sql: Db) => sql`
  c.id, c.workspace_id as "workspaceId", c.name, c.description, c.status, c.owner_user_id as "ownerUserId",
  (select email from users where id = c.owner_user_id) as "ownerEmail", c.time_zone as "timeZone", c.target,
  c.score_weights as "scoreWeights", c.created_by as "createdBy", c.updated_by as "updatedBy",
  c.created_at as "createdAt", c.updated_at as "updatedAt"`;

export async function createCampaign(
  sql: Db,
  input: {
    workspaceId: string;
    name: string;
    description?: string;
    timeZone: string;
    target: CampaignTarget;
    scoreWeights?: Partial<ScoreWeights>;
    /** Defaults to the creator. */
    ownerUserId?: string | null;
    createdBy: string | null;
  },
): Promise<Campaign> {
  const [row]: [{ id: string }?] = await sql`
    insert into campaigns (workspace_id, name, description, time_zone, target, score_weights, owner_user_id, created_by, updated_by)
    values (${input.workspaceId}, ${input.name}, ${input.description ?? ''}, ${input.timeZone}, ${sql.json(input.target as never)},
            ${sql.json((input.scoreWeights ?? {}) as never)}, ${input.ownerUserId === undefined ? input.createdBy : input.ownerUserId},
            ${input.createdBy}, ${input.createdBy})
    returning id`;
  if (!row) throw new Error('Campaign was not created');
  const campaign = await getCampaign(sql, input.workspaceId, row.id);
  if (!campaign) throw new Error('Campaign was not created');
  return campaign;
}

/**
 * The workspace's campaigns, all and not archived, counted under a lock on its campaign count held to
 * the commit, so a create that checks these and inserts in the same transaction cannot race another.
 */
export async function lockAndCountCampaigns(tx: TransactionSql, workspaceId: string): Promise<{ open: number; all: number }> {
  await lockForTransaction(tx, `campaign-count:${workspaceId}`);
  const [row]: [{ open: number; all: number }?] = await tx`
    select count(*) filter (where status <> 'archived')::int as open, count(*)::int as all
    from campaigns where workspace_id = ${workspaceId}`;
  return row ?? { open: 0, all: 0 };
}

export async function getCampaign(sql: Db, workspaceId: string, id: string): Promise<Campaign | null> {
  const [row]: [Campaign?] = await sql`
    select ${CAMPAIGN_COLUMNS(sql)} from campaigns c where c.workspace_id = ${workspaceId} and c.id = ${id}`;
  return row ?? null;
}

/** The workspace's campaigns, newest first, with how many leads each found and how many await review. */
export async function listCampaigns(sql: Db, workspaceId: string): Promise<CampaignSummary[]> {
  return sql<CampaignSummary[]>`
    select ${CAMPAIGN_COLUMNS(sql)},
           coalesce(counts.lead_count, 0)::int as "leadCount",
           coalesce(counts.pending_review_count, 0)::int as "pendingReviewCount"
    from campaigns c
    left join (
      select campaign_id, count(*) as lead_count, count(*) filter (where status = 'pending_review') as pending_review_count
      from leads where workspace_id = ${workspaceId} and campaign_id is not null
      group by campaign_id
    ) counts on counts.campaign_id = c.id
    where c.workspace_id = ${workspaceId}
    order by c.created_at desc, c.id desc`;
}

/** Each campaign's id and name, newest first: for a filter's choices, without counting its leads. */
export function listCampaignNames(sql: Db, workspaceId: string): Promise<{ id: string; name: string }[]> {
  return sql<{ id: string; name: string }[]>`
    select id, name from campaigns where workspace_id = ${workspaceId} order by created_at desc, id desc`;
}

export interface CampaignPatch {
  name?: string;
  description?: string;
  timeZone?: string;
  target?: CampaignTarget;
  scoreWeights?: Partial<ScoreWeights>;
  ownerUserId?: string | null;
}

/** Changes the fields given; leaves the rest. Null when the campaign is not in this workspace. */
export async function updateCampaign(sql: Db, workspaceId: string, id: string, patch: CampaignPatch, updatedBy: string | null): Promise<Campaign | null> {
  const ownerGiven = patch.ownerUserId !== undefined;
  const [row]: [{ id: string }?] = await sql`
    update campaigns set
      name = coalesce(${patch.name ?? null}, name),
      description = coalesce(${patch.description ?? null}, description),
      time_zone = coalesce(${patch.timeZone ?? null}, time_zone),
      target = coalesce(${patch.target ? sql.json(patch.target as never) : null}::jsonb, target),
      score_weights = coalesce(${patch.scoreWeights ? sql.json(patch.scoreWeights as never) : null}::jsonb, score_weights),
      owner_user_id = case when ${ownerGiven} then ${patch.ownerUserId ?? null}::uuid else owner_user_id end,
      updated_by = ${updatedBy},
      updated_at = now()
    where workspace_id = ${workspaceId} and id = ${id}
    returning id`;
  return row ? getCampaign(sql, workspaceId, row.id) : null;
}

/**
 * Moves a campaign to `to` only from one of `from` (the state machine's allowed statuses), so two
 * people acting at once cannot both win. Null when missing or in another status.
 */
export async function setCampaignStatus(
  sql: Db,
  workspaceId: string,
  id: string,
  change: { from: readonly CampaignStatus[]; to: CampaignStatus; by: string | null },
): Promise<Campaign | null> {
  const [row]: [{ id: string }?] = await sql`
    update campaigns set status = ${change.to}, updated_by = ${change.by}, updated_at = now()
    where workspace_id = ${workspaceId} and id = ${id} and status = any(${[...change.from]})
    returning id`;
  return row ? getCampaign(sql, workspaceId, row.id) : null;
}
