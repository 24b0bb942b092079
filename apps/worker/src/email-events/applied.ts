/** A campaign whose board changed, for the live event. */
export interface ChangedCampaign {
  workspaceId: string;
  campaignId: string;
}

/** What applying a provider event or an inbound email did. */
export interface AppliedEmailEvent {
  /** What the event did, or why it did nothing (stored on the event row). */
  outcome: string;
  workspaceId: string | null;
  campaigns: ChangedCampaign[];
  /** Whether a lead changed state (for the leads list's live refresh). */
  leadsChanged: boolean;
  pausedMailboxIds: string[];
  /** Inbound messages stored for leads (not those stored before), for the Inbox's live refresh. */
  messages: StoredMessage[];
}

/** An inbound message stored on a lead's timeline. */
export interface StoredMessage {
  workspaceId: string;
  messageId: string;
  leadId: string;
}

export function nothingDone(outcome: string, workspaceId: string | null): AppliedEmailEvent {
  return { outcome, workspaceId, campaigns: [], leadsChanged: false, pausedMailboxIds: [], messages: [] };
}
