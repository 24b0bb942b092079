import { Invalid } from '../errors/index.ts';

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_EVENTS = ['activate', 'pause', 'complete', 'archive'] as const;
export type CampaignEvent = (typeof CAMPAIGN_EVENTS)[number];

export const CAMPAIGN_STATUS_LABELS: Readonly<Record<CampaignStatus, string>> = Object.freeze({
  draft: 'Draft',
  active: 'Active',
  paused: 'Paused',
  completed: 'Completed',
  archived: 'Archived',
});

const CAMPAIGN_EVENT_LABELS: Readonly<Record<CampaignEvent, string>> = Object.freeze({
  activate: 'activated',
  pause: 'paused',
  complete: 'completed',
  archive: 'archived',
});

const TRANSITIONS: Readonly<Record<CampaignEvent, { from: readonly CampaignStatus[]; to: CampaignStatus }>> = Object.freeze({
  activate: { from: ['draft', 'paused'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  complete: { from: ['active', 'paused'], to: 'completed' },
  archive: { from: ['draft', 'active', 'paused', 'completed'], to: 'archived' },
});

export function canTransitionCampaign(from: CampaignStatus, event: CampaignEvent): boolean {
  return TRANSITIONS[event].from.includes(from);
}

export function transitionCampaign(from: CampaignStatus, event: CampaignEvent): CampaignStatus {
  if (!canTransitionCampaign(from, event)) {
    throw new Invalid(`A campaign that is ${CAMPAIGN_STATUS_LABELS[from].toLowerCase()} cannot be ${CAMPAIGN_EVENT_LABELS[event]}.`);
  }
  return TRANSITIONS[event].to;
}

/** The statuses an event applies to, for SQL that checks the current state. */
export function campaignStatusesAllowing(event: CampaignEvent): CampaignStatus[] {
  return [...TRANSITIONS[event].from];
}

export function campaignEventTarget(event: CampaignEvent): CampaignStatus {
  return TRANSITIONS[event].to;
}
