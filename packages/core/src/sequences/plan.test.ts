import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallClockIn, zonedInstant } from '../calendar/zoned-time.ts';
import { Invalid } from '../errors/index.ts';
import { defaultSequence } from './default.ts';
import { planNextStep, startPosition, type EnrolmentEventRecord, type EnrolmentPosition, type PlanInput } from './plan.ts';
import { ZSequence, type Sequence } from './schema.ts';

const email = (id: string) => ({ id, type: 'email' as const, subject: 'Hi', body: 'Hello {{ unsubscribe_url }}' });
const wait = (id: string, businessDays = 1) => ({ id, type: 'wait' as const, businessDays });

describe('planNextStep', () => {
  const timeZone = 'America/New_York';
  // Monday 2 March 2026, 10:00 in New York.
  const monday10 = zonedInstant(timeZone, { year: 2026, month: 3, day: 2, hour: 10 });
  const hours = (n: number) => n * 3_600_000;
  const plan = (overrides: Partial<PlanInput>) =>
    planNextStep({ sequence: defaultSequence(), status: 'active', position: startPosition(defaultSequence(), monday10), events: [], now: monday10, timeZone, ...overrides });

  it('sends the first email at once, then waits three business days', () => {
    expect(plan({})).toEqual({ kind: 'send', channel: 'email', stepId: 'first-email', at: monday10, after: 'wait-1' });
    const afterFirst: EnrolmentPosition = { stepId: 'wait-1', since: monday10 };
    const waiting = plan({ position: afterFirst, now: new Date(monday10.getTime() + hours(1)) });
    expect(waiting).toMatchObject({ kind: 'wait', stepId: 'wait-1' });
    if (waiting.kind !== 'wait') throw new Error('expected a wait');
    expect(wallClockIn(waiting.until, timeZone)).toMatchObject({ day: 5, hour: 10, weekday: 'thu' });
  });

  it('sends the follow-up once the wait is over, dated when it fell due', () => {
    const thursday10 = zonedInstant(timeZone, { year: 2026, month: 3, day: 5, hour: 10 });
    expect(plan({ position: { stepId: 'wait-1', since: monday10 }, now: new Date(thursday10.getTime() + 1) })).toEqual({
      kind: 'send',
      channel: 'email',
      stepId: 'follow-up-1',
      at: thursday10,
      after: 'wait-2',
    });
  });

  it('reproduces seed 000: two follow-ups, three business days apart, then completes', () => {
    let position = startPosition(defaultSequence(), monday10);
    let now = monday10;
    const sent: string[] = [];
    for (let tick = 0; tick < 100; tick += 1) {
      const action = plan({ position, now });
      if (action.kind === 'complete') break;
      if (action.kind === 'send') {
        sent.push(`${action.stepId} ${wallClockIn(now, timeZone).weekday}`);
        position = { stepId: action.after, since: now };
      } else if (action.kind === 'wait') now = action.until;
      else throw new Error(`unexpected ${action.kind}`);
    }
    expect(sent).toEqual(['first-email mon', 'follow-up-1 thu', 'follow-up-2 tue']);
  });

  it('stops at once on a reply, even with a follow-up already due', () => {
    const replied: EnrolmentEventRecord[] = [{ type: 'opened', at: monday10 }, { type: 'replied', at: new Date(monday10.getTime() + hours(2)) }];
    const overdue = new Date(monday10.getTime() + hours(24 * 30));
    expect(plan({ position: { stepId: 'wait-1', since: monday10 }, events: replied, now: overdue })).toEqual({
      kind: 'stop',
      reason: 'replied',
      at: new Date(monday10.getTime() + hours(2)),
    });
  });

  it('names the first stopping event, and stops a paused enrolment too', () => {
    const events: EnrolmentEventRecord[] = [
      { type: 'complained', at: new Date(monday10.getTime() + hours(3)) },
      { type: 'bounced', at: new Date(monday10.getTime() + hours(1)) },
    ];
    expect(plan({ status: 'paused', events })).toMatchObject({ kind: 'stop', reason: 'bounced' });
    expect(plan({ status: 'paused' })).toEqual({ kind: 'hold' });
    expect(plan({ status: 'stopped', events })).toEqual({ kind: 'none' });
  });

  it('follows a branch on a click to another step, or ends the sequence', () => {
    const sequence: Sequence = ZSequence.parse({
      steps: [
        email('a'),
        wait('w'),
        { id: 'b', type: 'branch', on: 'clicked', then: { action: 'goto', stepId: 'thanks' }, otherwise: { action: 'stop' } },
        email('nudge'),
        email('thanks'),
      ],
    });
    const now = new Date(monday10.getTime() + hours(24 * 7));
    const position = { stepId: 'w', since: monday10 };
    expect(plan({ sequence, position, now, events: [{ type: 'clicked', at: monday10 }] })).toMatchObject({ kind: 'send', stepId: 'thanks', after: null });
    expect(plan({ sequence, position, now })).toEqual({ kind: 'complete', via: 'b' });
    expect(plan({ sequence, position: { stepId: null, since: now }, now })).toEqual({ kind: 'complete', via: null });
  });

  it('says so when the step an enrolment is on was removed', () => {
    expect(() => plan({ position: { stepId: 'gone', since: monday10 } })).toThrow(Invalid);
  });

  it('is repeatable, and never sends after a stopping event (property)', () => {
    const types = ['opened', 'clicked', 'replied', 'bounced', 'unsubscribed', 'complained', 'suppressed'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: fc.constantFrom(...types), at: fc.integer({ min: 0, max: 30 * 24 }) }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 60 * 24 }),
        fc.constantFrom('first-email', 'wait-1', 'if-replied-1', 'follow-up-1', 'wait-2', 'follow-up-2'),
        (rawEvents, nowHours, stepId) => {
          const events = rawEvents.map((event) => ({ type: event.type, at: new Date(monday10.getTime() + hours(event.at)) }));
          const input = { position: { stepId, since: monday10 }, events, now: new Date(monday10.getTime() + hours(nowHours)) };
          const action = plan(input);
          expect(plan(input)).toEqual(action);
          const stopping = events.some((event) => event.type !== 'opened' && event.type !== 'clicked');
          if (stopping) expect(action.kind).toBe('stop');
          if (action.kind === 'send') expect(action.at.getTime()).toBeGreaterThanOrEqual(monday10.getTime());
        },
      ),
    );
  });
});
