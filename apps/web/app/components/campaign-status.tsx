import type { CampaignStatus } from '@switchboard/core';
import { StatusPill, type Tone } from './status-pill.tsx';

const CAMPAIGN_TONE: Record<CampaignStatus, Tone> = { draft: 'neutral', active: 'good', paused: 'warn', completed: 'neutral', archived: 'neutral' };

/** `label` comes from the loader (core's words; see utils/vocabulary.server.ts). */
export function CampaignStatusPill({ status, label }: { status: CampaignStatus; label: string }) {
  return <StatusPill tone={CAMPAIGN_TONE[status]}>{label}</StatusPill>;
}
