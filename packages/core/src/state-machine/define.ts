import { Invalid } from '../errors/index.ts';

export interface StateMachineSpec<Status extends string, Event extends string> {
  /** What a refusal calls the thing: "A lead that is approved cannot be rejected." */
  noun: string;
  transitions: Readonly<Record<Event, { from: readonly Status[]; to: Status }>>;
  /** How an event reads after "cannot be". */
  eventLabels: Readonly<Record<Event, string>>;
  /** How a status reads after "that is"; the status itself when not given. */
  statusLabel?: (status: Status) => string;
}

export interface StateMachine<Status extends string, Event extends string> {
  canTransition(from: Status, event: Event): boolean;
  /** The status `event` moves to from `from`; throws `Invalid` with a sentence a person can read when it cannot. */
  transition(from: Status, event: Event): Status;
  /** The statuses an event applies to, for SQL that checks the current state: `where status = any(...)`. */
  statusesAllowing(event: Event): Status[];
  /** The status an event leads to, whatever the current one. */
  target(event: Event): Status;
}

/** One table of event → allowed statuses → new status, and the four questions every caller asks of it. */
export function defineStateMachine<Status extends string, Event extends string>(spec: StateMachineSpec<Status, Event>): StateMachine<Status, Event> {
  const canTransition = (from: Status, event: Event): boolean => spec.transitions[event].from.includes(from);
  return {
    canTransition,
    transition(from, event) {
      if (!canTransition(from, event)) {
        throw new Invalid(`A ${spec.noun} that is ${spec.statusLabel?.(from) ?? from} cannot be ${spec.eventLabels[event]}.`);
      }
      return spec.transitions[event].to;
    },
    statusesAllowing: (event) => [...spec.transitions[event].from],
    target: (event) => spec.transitions[event].to,
  };
}
