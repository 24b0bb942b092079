import type { LeadStatus } from '../leads/state-machine.ts';
import { formatNumber } from '../text/number.ts';

/**
 * Why "Queue calls" passes a lead of a campaign by. Queuing calls only approved leads with a phone
 * number and no call in the campaign (nor an open one elsewhere); a lead in the campaign's sequence is
 * called by its call step, not from here.
 */
export const CALL_QUEUE_BLOCKERS = ['call_queued', 'called', 'call_elsewhere', 'no_phone', 'in_sequence', 'not_approved', 'finished'] as const;
export type CallQueueBlocker = (typeof CALL_QUEUE_BLOCKERS)[number];

/** What is known of a group of a campaign's leads (counted together because these facts are equal). */
export interface CallQueueFacts {
  status: LeadStatus;
  hasPhone: boolean;
  /** A call of this campaign: queued or live ('open'), only ended ones ('ended'), or none. */
  callHere: 'open' | 'ended' | 'none';
  /** A call queued or live in another campaign: a lead has one open call at a time. */
  openCallElsewhere: boolean;
  count: number;
}

const NOT_YET_APPROVED: ReadonlySet<LeadStatus> = new Set(['discovered', 'enriched', 'pending_review', 'rejected']);

/** Why queuing would pass these leads by, or null when it would call them. */
export function callQueueBlocker(facts: Omit<CallQueueFacts, 'count'>): CallQueueBlocker | null {
  if (NOT_YET_APPROVED.has(facts.status)) return 'not_approved';
  if (facts.status !== 'approved' && facts.status !== 'in_outreach') return 'finished';
  if (facts.callHere === 'open') return 'call_queued';
  if (facts.callHere === 'ended') return 'called';
  if (facts.status === 'in_outreach') return 'in_sequence';
  if (!facts.hasPhone) return 'no_phone';
  return facts.openCallElsewhere ? 'call_elsewhere' : null;
}

function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

const IN_SEQUENCE_WITHOUT_CALL_STEP = (count: number) =>
  `${plural(count, 'lead is', 'leads are')} in the sequence, which has no call step (only approved leads not in it are queued here)`;

const SAY: Readonly<Record<CallQueueBlocker, (count: number) => string>> = Object.freeze({
  call_queued: (count) => `${plural(count, 'lead has', 'leads have')} a call queued or in progress in this campaign`,
  called: (count) => `${plural(count, 'lead was', 'leads were')} already called in this campaign`,
  call_elsewhere: (count) => `${plural(count, 'lead has', 'leads have')} a call queued or in progress in another campaign`,
  no_phone: (count) => `${plural(count, 'approved lead has', 'approved leads have')} no phone number`,
  in_sequence: (count) => `${plural(count, 'lead is', 'leads are')} in the sequence and not yet at a call step (the sequence queues their calls when they get there)`,
  not_approved: (count) => `${plural(count, 'lead is', 'leads are')} not approved`,
  finished: (count) => `${plural(count, 'lead has', 'leads have')} replied, bounced, unsubscribed or been closed`,
});

/**
 * Why each of a campaign's leads would not be called, in words and counted, most common first.
 * `sequenceHasCallStep` says whether leads in the sequence will be called by it at all.
 */
export function describeCallQueueBlockers(groups: readonly CallQueueFacts[], options: { sequenceHasCallStep: boolean } = { sequenceHasCallStep: true }): string[] {
  const counts = new Map<CallQueueBlocker, number>();
  for (const group of groups) {
    const blocker = callQueueBlocker(group);
    if (blocker !== null && group.count > 0) counts.set(blocker, (counts.get(blocker) ?? 0) + group.count);
  }
  if (groups.every((group) => group.count === 0)) return ['The campaign has no leads yet.'];
  return [...counts.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || CALL_QUEUE_BLOCKERS.indexOf(a) - CALL_QUEUE_BLOCKERS.indexOf(b))
    .map(([blocker, count]) => `${(blocker === 'in_sequence' && !options.sequenceHasCallStep ? IN_SEQUENCE_WITHOUT_CALL_STEP : SAY[blocker])(count)}.`);
}
