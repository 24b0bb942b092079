import type { LeadConfidence, LeadStatus } from '@switchboard/core';
import { statusLabel, useLeadVocabulary } from './lead-vocabulary.tsx';
import { StatusPill, type Tone } from './status-pill.tsx';

const STATUS_TONE: Record<LeadStatus, Tone> = {
  discovered: 'neutral',
  enriched: 'neutral',
  pending_review: 'warn',
  approved: 'good',
  rejected: 'bad',
  in_outreach: 'good',
  replied: 'good',
  bounced: 'bad',
  unsubscribed: 'bad',
  converted: 'good',
  closed: 'neutral',
};

const CONFIDENCE_TONE: Record<LeadConfidence, Tone> = { high: 'good', medium: 'warn', low: 'bad' };

/** `label` for pages outside the leads layout, whose loader sends no vocabulary (the API names the status). */
export function LeadStatusPill({ status, label }: { status: LeadStatus; label?: string }) {
  const vocabulary = useLeadVocabulary();
  return <StatusPill tone={STATUS_TONE[status]}>{label ?? statusLabel(vocabulary, status)}</StatusPill>;
}

export function ConfidencePill({ confidence }: { confidence: LeadConfidence }) {
  return <StatusPill tone={CONFIDENCE_TONE[confidence]}>{confidence}</StatusPill>;
}

/** The score as a number with a bar behind it, so a column of scores reads at a glance. */
export function ScoreBadge({ score }: { score: number }) {
  return (
    <span className="score-badge" title={`Score ${score} of 100`}>
      <span className="score-value">{score}</span>
      <span className="score-bar" aria-hidden="true">
        <span style={{ width: `${Math.max(0, Math.min(100, score))}%` }} />
      </span>
    </span>
  );
}
