import { defineStateMachine } from '../state-machine/define.ts';

export const ENROLMENT_STATUSES = ['active', 'paused', 'completed', 'stopped'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export const ENROLMENT_EVENTS = ['pause', 'resume', 'complete', 'stop'] as const;
export type EnrolmentEvent = (typeof ENROLMENT_EVENTS)[number];

/** How an event reads after "cannot be": "An enrolment that is stopped cannot be resumed." */
export const ENROLMENT_EVENT_LABELS: Readonly<Record<EnrolmentEvent, string>> = Object.freeze({
  pause: 'paused',
  resume: 'resumed',
  complete: 'completed',
  stop: 'stopped',
});

/** Why a lead's sequence ended before its last step; stored with the stopped enrolment. */
export const ENROLMENT_STOP_REASONS = ['replied', 'bounced', 'unsubscribed', 'suppressed', 'complained', 'send_failed', 'manual'] as const;
export type EnrolmentStopReason = (typeof ENROLMENT_STOP_REASONS)[number];

export const ENROLMENT_STOP_REASON_LABELS: Readonly<Record<EnrolmentStopReason, string>> = Object.freeze({
  replied: 'The lead replied',
  bounced: 'The email bounced',
  unsubscribed: 'The lead unsubscribed',
  suppressed: 'The address is on the suppression list',
  complained: 'The lead marked an email as spam',
  send_failed: 'An email could not be sent',
  manual: 'Stopped by hand',
});

// Pause and resume follow the campaign. A paused enrolment can still be stopped (a reply arrives
// while the campaign is paused) but never completes: it completes only by running its last step.
const TRANSITIONS: Readonly<Record<EnrolmentEvent, { from: readonly EnrolmentStatus[]; to: EnrolmentStatus }>> = Object.freeze({
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  complete: { from: ['active'], to: 'completed' },
  stop: { from: ['active', 'paused'], to: 'stopped' },
});

// "An enrolment", not "A enrolment": the shared machine writes "A {noun}".
const machine = defineStateMachine({ noun: 'lead enrolment', transitions: TRANSITIONS, eventLabels: ENROLMENT_EVENT_LABELS });

export const canTransitionEnrolment = machine.canTransition;
/** The status an enrolment moves to; throws `Invalid` with a sentence a person can read when it cannot. */
export const transitionEnrolment = machine.transition;
/** The statuses an event applies to, for SQL that checks the current state: `where status = any(...)`. */
export const enrolmentStatusesAllowing = machine.statusesAllowing;
/** The status an event leads to, whatever the current one. */
export const enrolmentEventTarget = machine.target;
