import type { CallStatus } from '@switchboard/core';
import type { Publish } from '@switchboard/db';
import type { AppliedCallEvent } from '../call-events/apply-event.ts';

/** A call that moved, as the live board hears of it: ids and the new status only. */
export interface CallChange {
  workspaceId: string;
  campaignId: string;
  callId: string;
  status: CallStatus;
}

/** The calls an applied webhook (or reconciled) event moved: the call itself, and the retry it queued. */
export function callChangesOf(applied: AppliedCallEvent): CallChange[] {
  const { workspaceId, campaignId, callId, status } = applied;
  if (!applied.changed || !workspaceId || !campaignId || !callId || !status) return [];
  const changes: CallChange[] = [{ workspaceId, campaignId, callId, status }];
  if (applied.retryCallId) changes.push({ workspaceId, campaignId, callId: applied.retryCallId, status: 'queued' });
  return changes;
}

/** Publishes each change to its workspace's room as `calls.changed`. */
export async function publishCallChanges(publish: Publish, changes: readonly CallChange[]): Promise<void> {
  for (const change of changes) await publish(change.workspaceId, 'calls.changed', { callId: change.callId, campaignId: change.campaignId, status: change.status });
}

/** A call whose page has a new transcript line or hang (no state change): its workspace's room hears `calls.transcript`. */
export async function publishCallNote(publish: Publish, applied: AppliedCallEvent): Promise<void> {
  const { workspaceId, campaignId, callId } = applied;
  if (!applied.noted || !workspaceId || !campaignId || !callId) return;
  await publish(workspaceId, 'calls.transcript', { callId, campaignId });
}
