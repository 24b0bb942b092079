import type { RelationshipHealthStatus, RelationshipSignals } from '@switchboard/core';
import type { Db } from '../client.ts';
import { recordHealthRefresh, saveLeadHealth } from '../queries/lead-health.ts';

export interface SeededLeadHealth {
  leadId: string;
  score: number;
  status: RelationshipHealthStatus;
  reasons: string[];
  /** Emails and calls since the lead last answered; 1 unless given. */
  touches?: number;
  lastResponseAt?: Date | null;
}

/**
 * Stored relationship health as a refresh leaves it (scores written, the workspace's refresh time
 * noted), with the given scores rather than the rule's, for tests of what reads them (the Health page).
 */
export async function seedLeadHealth(sql: Db, input: { workspaceId: string; at: Date; rows: SeededLeadHealth[] }): Promise<void> {
  await saveLeadHealth(sql, {
    workspaceId: input.workspaceId,
    computedAt: input.at,
    rows: input.rows.map(({ leadId, score, status, reasons, touches = 1, lastResponseAt = null }) => {
      const signals: RelationshipSignals = {
        emailsSent: touches, lastEmailSentAt: input.at, emailsOpened: 0, emailsClicked: 0, bounces: 0, complaints: 0, replies: lastResponseAt ? 1 : 0, lastReplyAt: lastResponseAt,
        autoReplies: 0, unsubscribeRequested: false, callsPlaced: 0, callsAnswered: 0, lastCallAt: null, lastAnsweredCallAt: null, touchesSinceLastResponse: touches,
      };
      return { leadId, signals, health: { score, status, reasons, lastTouchAt: input.at, lastResponseAt } };
    }),
  });
  await recordHealthRefresh(sql, { workspaceId: input.workspaceId, refreshedAt: input.at });
}
