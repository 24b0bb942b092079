import { Invalid } from '../errors/index.ts';
import { addBusinessDays } from '../calendar/business-days.ts';
import type { EnrolmentStatus, EnrolmentStopReason } from './enrolment-state-machine.ts';
import { callBranchEvent, type CallStepOutcome, type EnrolmentCallRecord } from './call-step.ts';
import type { BranchTarget, Sequence } from './schema.ts';

/** What can happen to a lead during an enrolment, as the planner sees it. */
export const ENROLMENT_EVENT_TYPES = ['opened', 'clicked', 'replied', 'bounced', 'unsubscribed', 'complained', 'suppressed'] as const;
export type EnrolmentEventType = (typeof ENROLMENT_EVENT_TYPES)[number];

export interface EnrolmentEventRecord {
  type: EnrolmentEventType;
  at: Date;
}

// These end the sequence at once, whatever its branches say: no step may fire after a reply, a hard
// bounce (pass only hard bounces as 'bounced'), an unsubscribe, a complaint or a suppression.
const STOPPING_EVENTS: Readonly<Partial<Record<EnrolmentEventType, EnrolmentStopReason>>> = Object.freeze({
  replied: 'replied',
  bounced: 'bounced',
  unsubscribed: 'unsubscribed',
  complained: 'complained',
  suppressed: 'suppressed',
});

export interface EnrolmentPosition {
  /** The step to run next; null once the last step has run. */
  stepId: string | null;
  /** When that step became current: the enrolment's start, or when the previous email's send row was recorded (move the position in the same transaction). */
  since: Date;
}

export type NextSequenceAction =
  /** Send this email step, or submit this contact form step (`channel`), at `at` (already past: as soon as possible); then move to `after`. */
  | { kind: 'send'; channel: SendChannel; stepId: string; at: Date; after: EnrolmentPosition['stepId'] }
  /** Queue this call step's call (placed inside the calling window, with the campaign's retries); then wait for it to end. */
  | { kind: 'call'; stepId: string; at: Date }
  /** The call step's call is queued or live: nothing to do until its last attempt ends. */
  | { kind: 'await_call'; stepId: string }
  /** Nothing to do before `until`; plan again then. */
  | { kind: 'wait'; stepId: string; until: Date }
  | { kind: 'stop'; reason: EnrolmentStopReason; at: Date }
  /** The sequence ran out of steps, or a branch ended it. */
  | { kind: 'complete'; via: string | null }
  /** Paused with its campaign: nothing runs until it is resumed. */
  | { kind: 'hold' }
  /** Already completed or stopped. */
  | { kind: 'none' };

/** How a send reaches the lead: an email, or its website's contact form. */
export const SEND_CHANNELS = ['email', 'form'] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];

export interface PlanInput {
  sequence: Sequence;
  status: EnrolmentStatus;
  position: EnrolmentPosition;
  events: readonly EnrolmentEventRecord[];
  now: Date;
  /** The recipient's zone: business days skip their weekend. */
  timeZone: string;
  /** False for a lead enrolled for its contact form alone (no address): its email steps are passed over. */
  canEmail?: boolean;
  /** False for a lead without a phone number: its call steps are passed over as not answered. */
  canCall?: boolean;
  /** The enrolment's call steps so far: one record per step that queued a call. */
  calls?: readonly EnrolmentCallRecord[];
}

// Waits are at least a business day, so a walk longer than this means a sequence that skipped validation.
const MAX_WALK = 10_000;

/**
 * The next thing an enrolment does. Pure and repeatable: planning again with the same inputs gives
 * the same answer, and the position moves only after a send is recorded, so a pause, a restart or
 * a second scheduler can neither skip a step nor send one twice.
 */
export function planNextStep({ sequence, status, position, events, now, timeZone, canEmail = true, canCall = false, calls = [] }: PlanInput): NextSequenceAction {
  if (status === 'completed' || status === 'stopped') return { kind: 'none' };
  const stop = firstStoppingEvent(events);
  if (stop) return { kind: 'stop', ...stop };
  if (status === 'paused') return { kind: 'hold' };

  const steps = sequence.steps;
  const indexById = new Map(steps.map((step, index) => [step.id, index]));
  const seen = new Set<string>(events.map((event) => event.type));
  const callOf = new Map(calls.map((call) => [call.stepId, call]));
  // A call branch tests the latest call: the last one ended before this walk, then each passed in it.
  let lastCall: CallStepOutcome | null = latestEndedCall(calls);
  let stepId = position.stepId;
  let since = position.since;

  for (let walked = 0; walked < MAX_WALK; walked += 1) {
    if (stepId === null) return { kind: 'complete', via: null };
    const index = indexById.get(stepId);
    const step = index === undefined ? undefined : steps[index];
    if (index === undefined || !step) throw new Invalid(`The step this enrolment is on ("${stepId}") is no longer in the sequence.`);
    const nextId = steps[index + 1]?.id ?? null;

    if (step.type === 'email') {
      if (canEmail) return { kind: 'send', channel: 'email', stepId: step.id, at: since, after: nextId };
      stepId = nextId;
      continue;
    }
    if (step.type === 'contact_form') return { kind: 'send', channel: 'form', stepId: step.id, at: since, after: nextId };
    if (step.type === 'call') {
      const call = callOf.get(step.id);
      if (canCall && !call) return { kind: 'call', stepId: step.id, at: since };
      if (call && call.outcome === null) return { kind: 'await_call', stepId: step.id };
      // Ended (the next step counts from its end), or no number to call: nobody was reached.
      lastCall = call?.outcome ?? 'no_answer';
      if (call && call.at.getTime() > since.getTime()) since = call.at;
      stepId = nextId;
      continue;
    }
    if (step.type === 'wait') {
      const until = addBusinessDays(since, step.businessDays, timeZone);
      if (until.getTime() > now.getTime()) return { kind: 'wait', stepId: step.id, until };
      since = until;
      stepId = nextId;
      continue;
    }
    const happened = seen.has(step.on) || (lastCall !== null && callBranchEvent(lastCall) === step.on);
    const target: BranchTarget | undefined = happened ? step.then : step.otherwise;
    if (target?.action === 'stop') return { kind: 'complete', via: step.id };
    stepId = target?.action === 'goto' ? target.stepId : nextId;
  }
  throw new Invalid('The sequence loops without waiting; fix its branches before it can run.');
}

function firstStoppingEvent(events: readonly EnrolmentEventRecord[]): { reason: EnrolmentStopReason; at: Date } | null {
  let first: { reason: EnrolmentStopReason; at: Date } | null = null;
  for (const event of events) {
    const reason = STOPPING_EVENTS[event.type];
    if (reason && (!first || event.at.getTime() < first.at.getTime())) first = { reason, at: event.at };
  }
  return first;
}

function latestEndedCall(calls: readonly EnrolmentCallRecord[]): CallStepOutcome | null {
  let latest: EnrolmentCallRecord | null = null;
  for (const call of calls) if (call.outcome !== null && (!latest || call.at.getTime() > latest.at.getTime())) latest = call;
  return latest?.outcome ?? null;
}

/** Where a new enrolment starts: the first step, now. */
export function startPosition(sequence: Sequence, now: Date): EnrolmentPosition {
  return { stepId: sequence.steps[0]?.id ?? null, since: now };
}
