import { resolveScoreWeights, SCORE_REASON_CODES, type ScoreReasonCode, type ScoreWeights } from '../leads/score.ts';
import type { CampaignTarget, UpdateCampaignInput } from './target.ts';

/** The editable settings of a campaign as stored. */
export interface CampaignSettings {
  name: string;
  description: string;
  timeZone: string;
  target: CampaignTarget;
  scoreWeights: Partial<ScoreWeights>;
  ownerUserId: string | null;
}

export type CampaignSettingName = keyof UpdateCampaignInput;

export interface CampaignChanges {
  /** The fields of the update that differ from the campaign as it is, in the update's words. */
  changed: CampaignSettingName[];
  /** Weights whose effective value moves (an override equal to the default is no change). */
  weights: Partial<Record<ScoreReasonCode, { from: number; to: number }>>;
  categories: { from: string[]; to: string[] } | null;
  /** Stored lead scores depend on weights and target categories: when either moves, they are stale. */
  rescore: boolean;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);

// Sources are a set; queries, locations and categories keep their order (it is how they are shown,
// and the first matching category names the score reason).
function sameTarget(a: CampaignTarget, b: CampaignTarget): boolean {
  return (
    sameList(a.queries, b.queries) &&
    sameList(a.locations ?? [], b.locations ?? []) &&
    sameList(a.categories ?? [], b.categories ?? []) &&
    a.pagesPerQuery === b.pagesPerQuery &&
    sameList([...a.sources].sort(), [...b.sources].sort())
  );
}

/**
 * What an update really changes, so a form that sends every field records (and rescores for) only
 * what moved.
 */
export function campaignChanges(current: CampaignSettings, update: UpdateCampaignInput): CampaignChanges {
  const changed: CampaignSettingName[] = [];
  if (update.name !== undefined && update.name !== current.name) changed.push('name');
  if (update.description !== undefined && update.description !== current.description) changed.push('description');
  if (update.timeZone !== undefined && update.timeZone !== current.timeZone) changed.push('timeZone');
  if (update.target !== undefined && !sameTarget(update.target, current.target)) changed.push('target');

  const weights: CampaignChanges['weights'] = {};
  if (update.scoreWeights !== undefined) {
    const from = resolveScoreWeights(current.scoreWeights);
    const to = resolveScoreWeights(update.scoreWeights);
    for (const code of SCORE_REASON_CODES) if (from[code] !== to[code]) weights[code] = { from: from[code], to: to[code] };
    if (Object.keys(weights).length > 0) changed.push('scoreWeights');
  }
  if (update.ownerUserId !== undefined && update.ownerUserId !== current.ownerUserId) changed.push('ownerUserId');

  const fromCategories = current.target.categories ?? [];
  const toCategories = update.target?.categories ?? fromCategories;
  const categories = sameList(fromCategories, toCategories) ? null : { from: fromCategories, to: toCategories };
  return { changed, weights, categories, rescore: changed.includes('scoreWeights') || categories !== null };
}
