// Campaign score settings are read once per merge or rescore, not once per lead.
import type { ScoreWeights } from '@switchboard/core';
import type { TransactionSql } from '../../client.ts';

export interface CampaignScoreSettings {
  weights: Partial<ScoreWeights>;
  categories: string[];
}

/** Each campaign's score weights and target categories, read once per merge. */
export class CampaignScoring {
  readonly #tx: TransactionSql;
  readonly #workspaceId: string;
  readonly #settings = new Map<string, CampaignScoreSettings>();

  constructor(tx: TransactionSql, workspaceId: string) {
    this.#tx = tx;
    this.#workspaceId = workspaceId;
  }

  async load(campaignIds: (string | null)[]): Promise<void> {
    const missing = [...new Set(campaignIds.filter((id): id is string => id !== null && !this.#settings.has(id)))];
    if (missing.length === 0) return;
    const rows = await this.#tx<{ id: string; scoreWeights: Partial<ScoreWeights>; categories: unknown }[]>`
      select id, score_weights as "scoreWeights", target -> 'categories' as categories
      from campaigns where workspace_id = ${this.#workspaceId} and id = any(${missing}::uuid[])`;
    for (const row of rows) {
      const categories = Array.isArray(row.categories) ? row.categories.filter((value): value is string => typeof value === 'string') : [];
      this.#settings.set(row.id, { weights: row.scoreWeights ?? {}, categories });
    }
  }

  settingsFor(campaignId: string | null): CampaignScoreSettings {
    return (campaignId ? this.#settings.get(campaignId) : undefined) ?? { weights: {}, categories: [] };
  }
}
