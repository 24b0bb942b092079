import type { EnrolmentStatus, EnrolmentStopReason } from './enrolment-state-machine.ts';
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
    action = planNextStep({ sequence, status: enrolment.status, position: { stepId: enrolment.stepId, since: enrolment.stepSince }, events: enrolment.events, now, timeZone, canEmail: enrolment.canEmail ?? true });
  } catch {
    return { status: 'stopped', stopReason: 'manual', ...keep, nextActionAt: null, send: null };
  }
  switch (action.kind) {
    case 'send': {
      const stepPosition = sequence.steps.findIndex((step) => step.id === action.stepId);
      const notBefore = action.at.getTime() > now.getTime() ? action.at : now;
      return { status: 'active', stopReason: null, ...keep, nextActionAt: null, send: { channel: action.channel, stepId: action.stepId, stepPosition, notBefore, nextStepId: action.after } };
    }
    case 'wait':
      return { status: 'active', stopReason: null, ...keep, nextActionAt: action.until, send: null };
    case 'stop':
      return { status: 'stopped', stopReason: action.reason, ...keep, nextActionAt: null, send: null };
    case 'complete':
      return { status: 'completed', stopReason: null, stepId: null, stepSince: now, nextActionAt: null, send: null };
    case 'hold':
    case 'none':
      return { status: 'active', stopReason: null, ...keep, nextActionAt: null, send: null };
  }
}
