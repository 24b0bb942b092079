import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../calendar/zoned-time.ts';
import { CALL_STATUSES, FINAL_CALL_STATUSES } from '../calls/state-machine.ts';
import { callBranchEvent, callStepOutcome, type EnrolmentCallRecord } from './call-step.ts';
import { planNextStep, type PlanInput } from './plan.ts';
import { decideEnrolment } from './schedule.ts';
import { SEQUENCE_CALL_BRANCH_EVENTS, ZSequence, type SequenceInput } from './schema.ts';
import { sequenceProblems } from './validate.ts';

const timeZone = 'America/Chicago';
// Monday 2 March 2026, 10:00 in Chicago, and the Wednesday after.
const monday10 = zonedInstant(timeZone, { year: 2026, month: 3, day: 2, hour: 10 });
const wednesday10 = zonedInstant(timeZone, { year: 2026, month: 3, day: 4, hour: 10 });
const wednesday11 = zonedInstant(timeZone, { year: 2026, month: 3, day: 4, hour: 11 });

const parse = (steps: SequenceInput['steps']) => ZSequence.parse({ steps });
// Issue 11's sequence: email, wait two days, call if no reply, then branch on how the call went.
const mixed = parse([
  { id: 'intro', type: 'email', subject: 'Hi', body: 'Hello' },
  { id: 'wait', type: 'wait', businessDays: 2 },
  { id: 'call', type: 'call', note: 'Ask for the owner' },
  { id: 'answered', type: 'branch', on: 'call_answered', then: { action: 'stop' } },
  { id: 'again', type: 'email', subject: 'Tried to call', body: 'Sorry I missed you' },
]);
// After the intro email was sent: the position is the wait, counted from the send.
const plan = (overrides: Partial<PlanInput>) =>
  planNextStep({ sequence: mixed, status: 'active', position: { stepId: 'wait', since: monday10 }, events: [], now: wednesday11, timeZone, canCall: true, ...overrides });
const ended = (outcome: EnrolmentCallRecord['outcome'], at = wednesday11): EnrolmentCallRecord => ({ stepId: 'call', outcome, at });

describe('call steps', () => {
  it('parse with an optional note, and a note over the limit is refused', () => {
    expect(mixed.steps[2]).toEqual({ id: 'call', type: 'call', note: 'Ask for the owner' });
    expect(parse([{ id: 'e', type: 'email', subject: 's', body: 'b' }, { id: 'c', type: 'call' }]).steps[1]).toEqual({ id: 'c', type: 'call', note: '' });
    expect(ZSequence.safeParse({ steps: [{ id: 'e', type: 'email', subject: 's', body: 'b' }, { id: 'c', type: 'call', note: 'x'.repeat(1_001) }] }).success).toBe(false);
  });

  it('queue the call once the wait is over, then wait for its last attempt without moving on', () => {
    expect(plan({ now: new Date(wednesday10.getTime() - 1) })).toMatchObject({ kind: 'wait', stepId: 'wait' });
    expect(plan({})).toEqual({ kind: 'call', stepId: 'call', at: wednesday10 });
    expect(plan({ calls: [ended(null)] })).toEqual({ kind: 'await_call', stepId: 'call' });
  });

  it('branch on the call’s outcome: answered stops the sequence, voicemail or no answer emails again from when the call ended', () => {
    expect(plan({ calls: [ended('answered')] })).toEqual({ kind: 'complete', via: 'answered' });
    expect(plan({ calls: [ended('voicemail')] })).toEqual({ kind: 'send', channel: 'email', stepId: 'again', at: wednesday11, after: null });
    expect(plan({ calls: [ended('no_answer')] })).toEqual({ kind: 'send', channel: 'email', stepId: 'again', at: wednesday11, after: null });
  });

  it('pass over a call step for a lead without a phone number, as not answered', () => {
    const noAnswer = parse([
      { id: 'intro', type: 'email', subject: 'Hi', body: 'Hello' },
      { id: 'call', type: 'call' },
      { id: 'missed', type: 'branch', on: 'call_no_answer', then: { action: 'goto', stepId: 'again' }, otherwise: { action: 'stop' } },
      { id: 'again', type: 'email', subject: 's', body: 'b' },
    ]);
    const position = { stepId: 'call', since: monday10 };
    expect(planNextStep({ sequence: noAnswer, status: 'active', position, events: [], now: monday10, timeZone, canCall: false })).toMatchObject({ kind: 'send', stepId: 'again' });
    expect(planNextStep({ sequence: noAnswer, status: 'active', position, events: [], now: monday10, timeZone, canCall: true })).toEqual({ kind: 'call', stepId: 'call', at: monday10 });
  });

  it('never place a call after a reply: a reply while the call is queued or before it stops the sequence', () => {
    const replied = [{ type: 'replied' as const, at: wednesday10 }];
    expect(plan({ events: replied })).toEqual({ kind: 'stop', reason: 'replied', at: wednesday10 });
    expect(plan({ events: replied, calls: [ended(null)] })).toEqual({ kind: 'stop', reason: 'replied', at: wednesday10 });
  });

  it('test the latest call in a branch when a sequence calls twice', () => {
    const twice = parse([
      { id: 'intro', type: 'email', subject: 'Hi', body: 'Hello' },
      { id: 'call', type: 'call' },
      { id: 'w', type: 'wait', businessDays: 1 },
      { id: 'call-2', type: 'call' },
      { id: 'b', type: 'branch', on: 'call_no_answer', then: { action: 'goto', stepId: 'last' }, otherwise: { action: 'stop' } },
      { id: 'last', type: 'email', subject: 's', body: 'b' },
    ]);
    const calls = [
      { stepId: 'call', outcome: 'no_answer' as const, at: monday10 },
      { stepId: 'call-2', outcome: 'answered' as const, at: wednesday10 },
    ];
    expect(planNextStep({ sequence: twice, status: 'active', position: { stepId: 'call', since: monday10 }, events: [], now: wednesday11, timeZone, canCall: true, calls })).toEqual({ kind: 'complete', via: 'b' });
    expect(planNextStep({ sequence: twice, status: 'active', position: { stepId: 'b', since: wednesday10 }, events: [], now: wednesday11, timeZone, canCall: true, calls })).toEqual({ kind: 'complete', via: 'b' });
  });

  it('are decided as a call to queue, and the enrolment waits for it with no next action', () => {
    const enrolment = { id: 'e1', status: 'active' as const, stepId: 'wait', stepSince: monday10, events: [], canCall: true };
    expect(decideEnrolment({ enrolment, sequence: mixed, now: wednesday11, timeZone })).toMatchObject({ status: 'active', stepId: 'call', stepSince: wednesday10, nextActionAt: null, send: null, call: { stepId: 'call', notBefore: wednesday11 } });
    expect(decideEnrolment({ enrolment: { ...enrolment, calls: [ended(null)] }, sequence: mixed, now: wednesday11, timeZone })).toMatchObject({ status: 'active', nextActionAt: null, send: null, call: null });
    expect(decideEnrolment({ enrolment: { ...enrolment, calls: [ended('answered')] }, sequence: mixed, now: wednesday11, timeZone })).toMatchObject({ status: 'completed', call: null });
  });

  it('may not sit on a loop: a call step is placed once per lead', () => {
    const steps = parse([{ id: 'e', type: 'email', subject: 's', body: 'b' }]).steps;
    const looping = [...steps, { id: 'c', type: 'call' as const, note: '' }, { id: 'w', type: 'wait' as const, businessDays: 1 }, { id: 'b', type: 'branch' as const, on: 'call_no_answer' as const, then: { action: 'goto' as const, stepId: 'c' } }];
    expect(sequenceProblems(looping).map((problem) => problem.message)).toEqual(['Steps "c", "w", "b" loop through a call step, which calls a lead only once']);
  });
});

describe('callStepOutcome', () => {
  it('is null exactly while the attempt is not over, and names a branch event once it is', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CALL_STATUSES), (status) => {
        const outcome = callStepOutcome(status);
        expect(outcome === null).toBe(!(FINAL_CALL_STATUSES as readonly string[]).includes(status));
        if (outcome) expect(SEQUENCE_CALL_BRANCH_EVENTS).toContain(callBranchEvent(outcome));
      }),
    );
  });

  it('counts busy, no answer, failed and canceled last attempts as not answered', () => {
    expect(['completed', 'voicemail', 'no_answer', 'busy', 'failed', 'canceled'].map((status) => callStepOutcome(status as never))).toEqual(['answered', 'voicemail', 'no_answer', 'no_answer', 'no_answer', 'no_answer']);
  });
});
