import { defaultSequence, NotFound, ZSequence, type Sequence } from '@switchboard/core';
import { getCampaignSequence, type Db } from '@switchboard/db';

export interface CurrentSequence {
  sequence: Sequence;
  version: number;
  /** False while the campaign still runs on the default sequence (nothing saved yet). */
  stored: boolean;
  outreachStartedAt: string | null;
}

/** The campaign's saved sequence, or the default one until a sequence is saved (or when the saved one no longer parses). */
export async function currentSequence(sql: Db, workspaceId: string, campaignId: string): Promise<CurrentSequence> {
  const row = await getCampaignSequence(sql, workspaceId, campaignId);
  if (!row) throw new NotFound('That campaign does not exist in this workspace.');
  const parsed = row.sequence === null ? null : ZSequence.safeParse(row.sequence);
  return {
    sequence: parsed?.success ? parsed.data : defaultSequence(),
    version: row.version,
    stored: parsed?.success ?? false,
    outreachStartedAt: row.outreachStartedAt?.toISOString() ?? null,
  };
}
