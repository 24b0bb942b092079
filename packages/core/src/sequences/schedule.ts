import type { EnrolmentStatus, EnrolmentStopReason } from './enrolment-state-machine.ts';
import type { EnrolmentCallRecord } from './call-step.ts';
import type { EnrolmentEventRecord, NextSequenceAction, SendChannel } from './plan.ts';
import { planNextStep } from './plan.ts';
import type { Sequence } from './schema.ts';

/** An enrolment the scheduler looks at, as stored. */
export interface ScheduledEnrolment {
  id: string;
  status: EnrolmentStatus;
  stepId: string | null;
  stepSince: Date;
  events: readonly EnrolmentEventRecord[];
  /** False when the lead was enrolled for its contact form alone: email steps are passed over. */
  canEmail?: boolean;
  /** False when the lead has no phone number: call steps are passed over as not answered. */
  canCall?: boolean;
  /** Its call steps' calls so far. */
  calls?: readonly EnrolmentCallRecord[];
}

/** What the scheduler writes back for one enrolment. */
export interface EnrolmentDecision {
  status: 'active' | 'completed' | 'stopped';
  stopReason: EnrolmentStopReason | null;
  stepId: string | null;
  stepSince: Date;
  /** When to look again; null while a send of this enrolment is on its way. */
  nextActionAt: Date | null;
  /** An email to send: the step, its position (for the board's order), not before when, and the step after it. */
  send: { channel: SendChannel; stepId: string; stepPosition: number; notBefore: Date; nextStepId: string | null } | null;
  /** A call step's call to queue (its first attempt), not before when; the enrolment waits for its last attempt to end. */
  call: { stepId: string; notBefore: Date } | null;
}

/**
 * Turns the planner's next action into what to store. The position moves only once an email is
 * recorded as sent (or a branch or the end is reached), so planning again after a crash repeats the
 * same decision instead of skipping or repeating a step. A sequence edited so that the enrolment's
 * step is gone stops it (manual) rather than guessing where to go on.
 */
export function decideEnrolment(input: { enrolment: ScheduledEnrolment; sequence: Sequence; now: Date; timeZone: string }): EnrolmentDecision {
  const { enrolment, sequence, now, timeZone } = input;
  const keep = { stepId: enrolment.stepId, stepSince: enrolment.stepSince };
  let action: NextSequenceAction;
  try {
    action = planNextStep({ sequence, status: enrolment.status, position: { stepId: enrolment.stepId, since: enrolment.stepSince }, events: enrolment.events, now, timeZone, canEmail: enrolment.canEmail ?? true, canCall: enrolment.canCall ?? false, calls: enrolment.calls ?? [] });
  } catch {
    return { status: 'stopped', stopReason: 'manual', ...keep, nextActionAt: null, send: null, call: null };
  }
  switch (action.kind) {
    case 'send': {
      const stepPosition = sequence.steps.findIndex((step) => step.id === action.stepId);
      const notBefore = action.at.getTime() > now.getTime() ? action.at : now;
      // The position moves onto the step being sent (planning again from it finds the same send), so that
      // recording the send, which moves an enrolment only from the send's own step, moves it past the step.
      return { status: 'active', stopReason: null, stepId: action.stepId, stepSince: action.at, nextActionAt: null, send: { channel: action.channel, stepId: action.stepId, stepPosition, notBefore, nextStepId: action.after }, call: null };
    }
    case 'call': {
      const notBefore = action.at.getTime() > now.getTime() ? action.at : now;
      return { status: 'active', stopReason: null, stepId: action.stepId, stepSince: action.at, nextActionAt: null, send: null, call: { stepId: action.stepId, notBefore } };
    }
    case 'wait':
      return { status: 'active', stopReason: null, ...keep, nextActionAt: action.until, send: null, call: null };
    case 'stop':
      return { status: 'stopped', stopReason: action.reason, ...keep, nextActionAt: null, send: null, call: null };
    case 'complete':
      return { status: 'completed', stopReason: null, stepId: null, stepSince: now, nextActionAt: null, send: null, call: null };
    // Woken again when the call's last attempt ends (the call's move wakes its enrolment).
    case 'await_call':
    case 'hold':
    case 'none':
      return { status: 'active', stopReason: null, ...keep, nextActionAt: null, send: null, call: null };
  }
}

/** How long a call step whose lead has another call queued or live waits before it tries to queue its own again. */
export const CALL_STEP_LEAD_BUSY_RECHECK_MINUTES = 15;

/**
 * A call step could not queue its call: the lead already has one queued or live (its campaign's own
 * call, say), and a lead is never called twice at once (core's OPEN_CALL_STATUSES). The enrolment stays
 * on the step, queues nothing, and is planned again a little later; by then the other call may have
 * ended, and the step queues its own call after it.
 */
export function deferCallStep(decision: EnrolmentDecision, now: Date): EnrolmentDecision {
  if (!decision.call) return decision;
  return { ...decision, call: null, nextActionAt: new Date(now.getTime() + CALL_STEP_LEAD_BUSY_RECHECK_MINUTES * 60_000) };
}
