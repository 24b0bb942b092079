import { defineStateMachine } from '../state-machine/define.ts';

export const CALL_STATUSES = ['queued', 'dialing', 'ringing', 'in_progress', 'completed', 'no_answer', 'busy', 'voicemail', 'failed', 'canceled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const CALL_STATUS_LABELS: Readonly<Record<CallStatus, string>> = Object.freeze({
  queued: 'Queued',
  dialing: 'Dialing',
  ringing: 'Ringing',
  in_progress: 'In progress',
  completed: 'Completed',
  no_answer: 'No answer',
  busy: 'Busy',
  voicemail: 'Voicemail',
  failed: 'Failed',
  canceled: 'Canceled',
});

/** A call holds one of the concurrency cap's slots in these states (from the claim until it ends). */
export const ACTIVE_CALL_STATUSES = Object.freeze(['dialing', 'ringing', 'in_progress'] as const satisfies readonly CallStatus[]);
export type ActiveCallStatus = (typeof ACTIVE_CALL_STATUSES)[number];

/**
 * A lead has at most one call in these states in its workspace, whichever queued it (its campaign's
 * own calls or a sequence's call step): never called by two calls at once, never queued twice while
 * one is queued or live. A unique partial index holds it in Postgres (migration 0041); a retry is
 * queued in the transaction that ends the attempt before it, so it is never the one refused.
 */
export const OPEN_CALL_STATUSES = Object.freeze(['queued', ...ACTIVE_CALL_STATUSES] as const satisfies readonly CallStatus[]);

/** How a call ended; none of these moves again (a retry is a new call, with the next attempt number). */
export const FINAL_CALL_STATUSES = Object.freeze(['completed', 'no_answer', 'busy', 'voicemail', 'failed', 'canceled'] as const satisfies readonly CallStatus[]);
export type FinalCallStatus = (typeof FINAL_CALL_STATUSES)[number];

export const CALL_EVENTS = ['claim', 'ring', 'answer', 'complete', 'miss', 'find_busy', 'reach_voicemail', 'fail', 'cancel', 'abort', 'requeue'] as const;
export type CallEvent = (typeof CALL_EVENTS)[number];

/** How an event reads after "cannot be": "A call that is completed cannot be claimed for dialing." */
export const CALL_EVENT_LABELS: Readonly<Record<CallEvent, string>> = Object.freeze({
  claim: 'claimed for dialing',
  ring: 'marked as ringing',
  answer: 'marked as answered',
  complete: 'marked as completed',
  miss: 'marked as not answered',
  find_busy: 'marked as busy',
  reach_voicemail: 'marked as reaching voicemail',
  fail: 'marked as failed',
  cancel: 'canceled',
  abort: 'marked as canceled by the provider',
  requeue: 'returned to the queue',
});

const LIVE: readonly CallStatus[] = ['dialing', 'ringing', 'in_progress'];

// `claim` takes a cap slot before the provider is called, so only the claim holder dials. Every
// outcome is reachable from any live state: webhooks arrive out of order, and an end-of-call report
// is the truth even when the ringing or answered update before it was lost. An operator cancels only
// a queued call (a dialing one may already ring); `abort` is the provider saying it canceled one.
// `requeue` gives a claimed call back to the queue when Vapi never took it (a 429, its account's
// concurrency limit, the calling window closed meanwhile); SQL also requires no Vapi call id for it.
const TRANSITIONS: Readonly<Record<CallEvent, { from: readonly CallStatus[]; to: CallStatus }>> = Object.freeze({
  claim: { from: ['queued'], to: 'dialing' },
  ring: { from: ['dialing'], to: 'ringing' },
  answer: { from: ['dialing', 'ringing'], to: 'in_progress' },
  complete: { from: LIVE, to: 'completed' },
  miss: { from: LIVE, to: 'no_answer' },
  find_busy: { from: LIVE, to: 'busy' },
  reach_voicemail: { from: LIVE, to: 'voicemail' },
  fail: { from: LIVE, to: 'failed' },
  cancel: { from: ['queued'], to: 'canceled' },
  abort: { from: LIVE, to: 'canceled' },
  requeue: { from: ['dialing'], to: 'queued' },
});

const machine = defineStateMachine({
  noun: 'call',
  transitions: TRANSITIONS,
  eventLabels: CALL_EVENT_LABELS,
  statusLabel: (status) => CALL_STATUS_LABELS[status].toLowerCase(),
});

export const canTransitionCall = machine.canTransition;
/** The status a call moves to; throws `Invalid` with a sentence a person can read when it cannot. */
export const transitionCall = machine.transition;
/** The statuses an event applies to, for SQL that checks the current state: `where status = any(...)`. */
export const callStatusesAllowing = machine.statusesAllowing;
/** The status an event leads to, whatever the current one. */
export const callEventTarget = machine.target;

export function isFinalCallStatus(status: CallStatus): status is FinalCallStatus {
  return (FINAL_CALL_STATUSES as readonly CallStatus[]).includes(status);
}

// How far along a call is: a provider's update applies only when it moves the call further.
const CALL_STATUS_RANK: Readonly<Record<CallStatus, number>> = Object.freeze({
  queued: 0,
  dialing: 1,
  ringing: 2,
  in_progress: 3,
  completed: 4,
  no_answer: 4,
  busy: 4,
  voicemail: 4,
  failed: 4,
  canceled: 4,
});

/** The event that takes a call from `to` to each status it can be told about by the provider. */
const EVENT_TO: Readonly<Partial<Record<CallStatus, CallEvent>>> = Object.freeze({
  ringing: 'ring',
  in_progress: 'answer',
  completed: 'complete',
  no_answer: 'miss',
  busy: 'find_busy',
  voicemail: 'reach_voicemail',
  failed: 'fail',
  canceled: 'abort',
});

/**
 * The event that moves a call from `current` to what the provider reports (`reported`), or null when
 * the report is old news: a duplicate, one that arrived after a later one, or anything about a call
 * that has already ended. State never moves backwards.
 */
export function callEventFor(current: CallStatus, reported: CallStatus): CallEvent | null {
  if (isFinalCallStatus(current)) return null;
  if (CALL_STATUS_RANK[reported] <= CALL_STATUS_RANK[current]) return null;
  const event = EVENT_TO[reported];
  return event && canTransitionCall(current, event) ? event : null;
}
