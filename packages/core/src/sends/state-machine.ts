import { defineStateMachine } from '../state-machine/define.ts';

export const SEND_STATUSES = ['queued', 'sending', 'retrying', 'sent', 'failed', 'canceled', 'skipped'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

export const SEND_STATUS_LABELS: Readonly<Record<SendStatus, string>> = Object.freeze({
  queued: 'Queued',
  sending: 'Sending',
  retrying: 'Retrying',
  sent: 'Sent',
  failed: 'Failed',
  canceled: 'Canceled',
  skipped: 'Skipped',
});

export const SEND_EVENTS = ['claim', 'accept', 'retry', 'fail', 'cancel', 'skip'] as const;
export type SendEvent = (typeof SEND_EVENTS)[number];

/** How an event reads after "cannot be": "A send that is sent cannot be claimed for sending." */
export const SEND_EVENT_LABELS: Readonly<Record<SendEvent, string>> = Object.freeze({
  claim: 'claimed for sending',
  accept: 'marked as sent',
  retry: 'scheduled for a retry',
  fail: 'marked as failed',
  cancel: 'canceled',
  skip: 'skipped',
});

// `sending` is claimed before the provider is called, so only the claim holder moves it on; a send
// in flight cannot be canceled (the provider may already have it), and sent/failed/canceled/skipped are final.
// `skip`: a contact form step that could not apply to this lead (no form, robots.txt, boxes we cannot
// fill) and sent nothing; the sequence goes on past it.
const TRANSITIONS: Readonly<Record<SendEvent, { from: readonly SendStatus[]; to: SendStatus }>> = Object.freeze({
  claim: { from: ['queued', 'retrying'], to: 'sending' },
  accept: { from: ['sending'], to: 'sent' },
  retry: { from: ['sending'], to: 'retrying' },
  fail: { from: ['sending'], to: 'failed' },
  cancel: { from: ['queued', 'retrying'], to: 'canceled' },
  skip: { from: ['sending'], to: 'skipped' },
});

const machine = defineStateMachine({
  noun: 'send',
  transitions: TRANSITIONS,
  eventLabels: SEND_EVENT_LABELS,
  statusLabel: (status) => SEND_STATUS_LABELS[status].toLowerCase(),
});

export const canTransitionSend = machine.canTransition;
/** The status a send moves to; throws `Invalid` with a sentence a person can read when it cannot. */
export const transitionSend = machine.transition;
/** The statuses an event applies to, for SQL that checks the current state: `where status = any(...)`. */
export const sendStatusesAllowing = machine.statusesAllowing;
/** The status an event leads to, whatever the current one. */
export const sendEventTarget = machine.target;
