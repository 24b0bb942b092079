import { describe, expect, it } from 'vitest';
import { defaultSequence } from './default.ts';
import { ZSequence } from './schema.ts';
import { CALL_STEP_LEAD_BUSY_RECHECK_MINUTES, decideEnrolment, deferCallStep, type ScheduledEnrolment } from './schedule.ts';

const ZONE = 'America/Chicago';
const MONDAY_NOON = new Date('2026-11-30T18:00:00Z');
const sequence = defaultSequence();
const steps = sequence.steps.map((step) => step.id);

function enrolment(overrides: Partial<ScheduledEnrolment> = {}): ScheduledEnrolment {
  return { id: 'e1', status: 'active', stepId: steps[0]!, stepSince: MONDAY_NOON, events: [], ...overrides };
}

describe('decideEnrolment', () => {
  it('sends the first email at once and waits for it before moving on', () => {
    const decision = decideEnrolment({ enrolment: enrolment(), sequence, now: MONDAY_NOON, timeZone: ZONE });
    expect(decision).toMatchObject({ status: 'active', stepId: steps[0], nextActionAt: null, send: { stepId: steps[0], stepPosition: 0, notBefore: MONDAY_NOON, nextStepId: steps[1] } });
  });

  it('waits three business days after an email, then plans the follow-up from the same position', () => {
    const sentMonday = enrolment({ stepId: steps[1]!, stepSince: MONDAY_NOON });
    const tuesday = new Date('2026-12-01T18:00:00Z');
    const waiting = decideEnrolment({ enrolment: sentMonday, sequence, now: tuesday, timeZone: ZONE });
    expect(waiting).toMatchObject({ status: 'active', stepId: steps[1], send: null });
    expect(waiting.nextActionAt?.toISOString()).toBe('2026-12-03T18:00:00.000Z');

    const thursday = new Date('2026-12-03T18:00:01Z');
    const followUp = decideEnrolment({ enrolment: sentMonday, sequence, now: thursday, timeZone: ZONE });
    const followUpStep = sequence.steps.find((step, index) => index > 1 && step.type === 'email')!;
    expect(followUp.send).toMatchObject({ stepId: followUpStep.id, notBefore: thursday });
    expect(followUp.nextActionAt).toBeNull();
    // The position moves onto the follow-up (the send's own step, due when the wait ended), so recording its send moves the enrolment past it.
    expect(followUp).toMatchObject({ stepId: followUpStep.id, stepSince: new Date('2026-12-03T18:00:00.000Z') });
    expect(decideEnrolment({ enrolment: enrolment({ stepId: followUpStep.id, stepSince: followUp.stepSince }), sequence, now: thursday, timeZone: ZONE }).send).toMatchObject({ stepId: followUpStep.id });
  });

  it('stops at once on a reply, whatever step it is on', () => {
    const replied = enrolment({ stepId: steps[1]!, events: [{ type: 'replied', at: MONDAY_NOON }] });
    expect(decideEnrolment({ enrolment: replied, sequence, now: MONDAY_NOON, timeZone: ZONE })).toMatchObject({ status: 'stopped', stopReason: 'replied', send: null, nextActionAt: null });
  });

  it('completes after the last step and stops (manual) an enrolment whose step was removed from the sequence', () => {
    expect(decideEnrolment({ enrolment: enrolment({ stepId: null }), sequence, now: MONDAY_NOON, timeZone: ZONE })).toMatchObject({ status: 'completed', stepId: null, send: null });
    expect(decideEnrolment({ enrolment: enrolment({ stepId: 'gone' }), sequence, now: MONDAY_NOON, timeZone: ZONE })).toMatchObject({ status: 'stopped', stopReason: 'manual', send: null });
  });
});

describe('deferCallStep', () => {
  const withCall = ZSequence.parse({ steps: [{ id: 'ring', type: 'call' }, { id: 'after', type: 'email', subject: 's', body: 'b' }] });

  it('keeps an enrolment on its call step, queuing nothing, and plans it again a little later, when its lead already has a call', () => {
    const decision = decideEnrolment({ enrolment: enrolment({ stepId: 'ring', canCall: true }), sequence: withCall, now: MONDAY_NOON, timeZone: ZONE });
    expect(decision.call).toEqual({ stepId: 'ring', notBefore: MONDAY_NOON });
    const deferred = deferCallStep(decision, MONDAY_NOON);
    expect(deferred).toMatchObject({ status: 'active', stepId: 'ring', stepSince: decision.stepSince, call: null, send: null });
    expect(deferred.nextActionAt).toEqual(new Date(MONDAY_NOON.getTime() + CALL_STEP_LEAD_BUSY_RECHECK_MINUTES * 60_000));
    // Planned again then, it queues its call as the first time.
    expect(decideEnrolment({ enrolment: enrolment({ stepId: deferred.stepId, stepSince: deferred.stepSince, canCall: true }), sequence: withCall, now: deferred.nextActionAt!, timeZone: ZONE }).call).toMatchObject({ stepId: 'ring' });
  });

  it('leaves a decision without a call as it is', () => {
    const sending = decideEnrolment({ enrolment: enrolment(), sequence, now: MONDAY_NOON, timeZone: ZONE });
    expect(deferCallStep(sending, MONDAY_NOON)).toBe(sending);
  });
});
