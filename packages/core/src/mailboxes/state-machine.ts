import { defineStateMachine } from '../state-machine/define.ts';

export const MAILBOX_STATUSES = ['active', 'paused', 'archived'] as const;
export type MailboxStatus = (typeof MAILBOX_STATUSES)[number];

export const MAILBOX_EVENTS = ['pause', 'resume', 'archive'] as const;
export type MailboxEvent = (typeof MAILBOX_EVENTS)[number];

export const MAILBOX_EVENT_LABELS: Readonly<Record<MailboxEvent, string>> = Object.freeze({
  pause: 'paused',
  resume: 'resumed',
  archive: 'archived',
});

// Archived is final: its sends stay in the history under its name, and it never sends again.
const TRANSITIONS: Readonly<Record<MailboxEvent, { from: readonly MailboxStatus[]; to: MailboxStatus }>> = Object.freeze({
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  archive: { from: ['active', 'paused'], to: 'archived' },
});

const machine = defineStateMachine({ noun: 'mailbox', transitions: TRANSITIONS, eventLabels: MAILBOX_EVENT_LABELS });

export const canTransitionMailbox = machine.canTransition;
/** The status a mailbox moves to; throws `Invalid` with a sentence a person can read when it cannot. */
export const transitionMailbox = machine.transition;
/** The statuses an event applies to, for SQL that checks the current state: `where status = any(...)`. */
export const mailboxStatusesAllowing = machine.statusesAllowing;
