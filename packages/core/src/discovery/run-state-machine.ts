import { defineStateMachine } from '../state-machine/define.ts';

export const DISCOVERY_RUN_STATUSES = ['running', 'paused', 'done', 'cancelled'] as const;
export type DiscoveryRunStatus = (typeof DISCOVERY_RUN_STATUSES)[number];

export const DISCOVERY_RUN_EVENTS = ['pause', 'resume', 'cancel', 'finish'] as const;
export type DiscoveryRunEvent = (typeof DISCOVERY_RUN_EVENTS)[number];

/** How an event reads after "cannot be": "A discovery run that is done cannot be paused." */
export const DISCOVERY_RUN_EVENT_LABELS: Readonly<Record<DiscoveryRunEvent, string>> = Object.freeze({
  pause: 'paused',
  resume: 'resumed',
  cancel: 'cancelled',
  finish: 'finished',
});

// Done and cancelled are final: a new run starts over instead. A run finishes only while running,
// so a paused run keeps its place until it is resumed (and then finishes if nothing is left).
const TRANSITIONS: Readonly<Record<DiscoveryRunEvent, { from: readonly DiscoveryRunStatus[]; to: DiscoveryRunStatus }>> = Object.freeze({
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['running', 'paused'], to: 'cancelled' },
  finish: { from: ['running'], to: 'done' },
});

const machine = defineStateMachine({ noun: 'discovery run', transitions: TRANSITIONS, eventLabels: DISCOVERY_RUN_EVENT_LABELS });

export const canTransitionDiscoveryRun = machine.canTransition;
/** The status a run moves to; throws `Invalid` with a sentence a person can read when it cannot. */
export const transitionDiscoveryRun = machine.transition;
/** The statuses an event applies to, for SQL that checks the current state: `where status = any(...)`. */
export const discoveryRunStatusesAllowing = machine.statusesAllowing;
/** The status an event leads to, whatever the current one. */
export const discoveryRunEventTarget = machine.target;
