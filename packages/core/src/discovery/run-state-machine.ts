import { Invalid } from '../errors/index.ts';

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

export function canTransitionDiscoveryRun(from: DiscoveryRunStatus, event: DiscoveryRunEvent): boolean {
  return TRANSITIONS[event].from.includes(from);
}

/** The status a run moves to; throws `Invalid` with a sentence a person can read when it cannot. */
export function transitionDiscoveryRun(from: DiscoveryRunStatus, event: DiscoveryRunEvent): DiscoveryRunStatus {
  if (!canTransitionDiscoveryRun(from, event)) {
    throw new Invalid(`A discovery run that is ${from} cannot be ${DISCOVERY_RUN_EVENT_LABELS[event]}.`);
  }
  return TRANSITIONS[event].to;
}

/** The statuses an event applies to, for SQL that checks the current state: `where status = any(...)`. */
export function discoveryRunStatusesAllowing(event: DiscoveryRunEvent): DiscoveryRunStatus[] {
  return [...TRANSITIONS[event].from];
}

/** The status an event leads to, whatever the current one. */
export function discoveryRunEventTarget(event: DiscoveryRunEvent): DiscoveryRunStatus {
  return TRANSITIONS[event].to;
}
