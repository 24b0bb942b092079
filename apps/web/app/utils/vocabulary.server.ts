import {
  CAMPAIGN_STATUS_LABELS,
  DEFAULT_SCORE_WEIGHTS,
  LEAD_CONFIDENCES,
  LEAD_STATUS_LABELS,
  LEAD_STATUSES,
  REJECT_REASON_LABELS,
  REJECT_REASONS,
  resolveScoreWeights,
  SCORE_REASON_CODES,
  SCORE_REASON_LABELS,
  type CampaignStatus,
  type ScoreWeights,
} from '@switchboard/core';
import { LEAD_IMPORT_FIELDS } from '@switchboard/core/lead-import';
import type { ScoreWeightField } from '../components/campaign-form.tsx';
import type { LeadVocabulary } from '../components/lead-vocabulary.tsx';

/**
 * The words of the lead pages (statuses, reasons, import fields) as data from the server. Browser
 * code imports only types from `@switchboard/core`: its barrel also holds Node-only modules (CSV
 * parsing, HTML extraction) that cannot run in a browser.
 */
export function leadVocabulary(): LeadVocabulary {
  return {
    statuses: LEAD_STATUSES.map((status) => ({ value: status, label: LEAD_STATUS_LABELS[status] })),
    confidences: [...LEAD_CONFIDENCES],
    rejectReasons: REJECT_REASONS.map((reason) => ({ value: reason, label: REJECT_REASON_LABELS[reason] })),
    importFields: LEAD_IMPORT_FIELDS.map(({ field, label, required }) => ({ field, label, required })),
  };
}

export function campaignStatusLabel(status: CampaignStatus): string {
  return CAMPAIGN_STATUS_LABELS[status];
}

/** Each score reason a campaign weighs, with its label, the campaign's weight and the default. */
export function scoreWeightFields(overrides: Partial<ScoreWeights>): ScoreWeightField[] {
  const weights = resolveScoreWeights(overrides);
  return SCORE_REASON_CODES.map((code) => ({ code, label: SCORE_REASON_LABELS[code], weight: weights[code], defaultWeight: DEFAULT_SCORE_WEIGHTS[code] }));
}
