export {
  CAMPAIGN_STATUSES,
  CAMPAIGN_STATUS_LABELS,
  CAMPAIGN_EVENTS,
  canTransitionCampaign,
  transitionCampaign,
  campaignStatusesAllowing,
  campaignEventTarget,
  type CampaignStatus,
  type CampaignEvent,
} from './state-machine.ts';
export {
  CAMPAIGN_DISCOVERY_SOURCES,
  ZCampaignTarget,
  ZCreateCampaignInput,
  ZUpdateCampaignInput,
  type CampaignDiscoverySource,
  type CampaignTarget,
  type CampaignTargetInput,
  type CreateCampaignInput,
  type UpdateCampaignInput,
} from './target.ts';
export { campaignChanges, type CampaignChanges, type CampaignSettingName, type CampaignSettings } from './changes.ts';
