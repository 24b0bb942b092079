import type { CallStatus } from '../calls/state-machine.ts';

/**
 * Live events carry ids and small facts, never whole objects: a browser that needs more refetches
 * it through tRPC. Each topic's payload type is declared here so publishers and listeners agree.
 */
export interface EventTopics {
  'system.heartbeat': { workerId: string; at: string };
  'system.pong': { pingId: string; requestedAt: number; handledAt: number; workerId: string };
  'provider.key_tested': { testId: string; provider: string; ok: boolean; mode: 'live' | 'sandbox'; message: string };
  /** A discovery run's counters moved: refetch its progress. */
  'discovery.progress': { runId: string; campaignId: string; status: 'running' | 'paused' | 'done' | 'cancelled' };
  /** A lead import moved (rows read or merged, or its status): refetch it. */
  'leads.import_progress': { importId: string; status: 'uploaded' | 'queued' | 'running' | 'finished' | 'failed' };
  /** Leads were added, merged or changed state: refetch lists that show them. */
  'leads.changed': { campaignId: string | null; count: number };
  /**
   * A campaign was created or changed: its status (an operator's or the worker's pause at its call budget), name,
   * target, call settings, sequence, mailboxes or outreach start. Refetch pages that show it.
   */
  'campaigns.changed': { campaignId: string };
  /** A campaign's enrolments or sends moved (planned, sent, stopped, delivered): refetch its board. */
  'outreach.changed': { campaignId: string };
  /** A call changed state (queued, placed, requeued, ringing, answered, ended, canceled): refetch the call board. */
  'calls.changed': { callId: string; campaignId: string; status: CallStatus };
  /**
   * A live call's page has news that is not a state change (a transcript line, an assistant hang):
   * refetch that call. Apart from calls.changed so the board does not refetch on every spoken line.
   */
  'calls.transcript': { callId: string; campaignId: string };
  /** An inbound message (reply, auto-reply, request to stop) was stored for a lead: refetch the Inbox. */
  'inbox.message': { messageId: string; leadId: string };
  /** A mailbox's state as its page shows it moved (IMAP "reconnect needed" shown or cleared, paused itself): refetch the list. */
  'mailboxes.changed': { mailboxId: string };
  /** Relationship health scores were refreshed (`scored` leads scored again): refetch the Health page. */
  'health.changed': { scored: number };
  /**
   * A user's sessions or memberships changed (published by database triggers, migration 0005): web
   * processes re-check that user's open sockets. Internal: never relayed to browsers.
   */
  'access.changed': { userId: string };
}

export type EventTopic = keyof EventTopics;

/** The room for events that concern every signed-in user rather than one workspace. */
export const SYSTEM_ROOM = 'system';

export function workspaceRoom(workspaceId: string): string {
  return `workspace:${workspaceId}`;
}

export interface LiveEvent<T extends EventTopic = EventTopic> {
  /** null for system-wide events. */
  workspaceId: string | null;
  topic: T;
  payload: EventTopics[T];
  /** Epoch milliseconds at publish time, for latency measurement on the receiving side. */
  publishedAt: number;
}

export function roomFor(workspaceId: string | null): string {
  return workspaceId === null ? SYSTEM_ROOM : workspaceRoom(workspaceId);
}
