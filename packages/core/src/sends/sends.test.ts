import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors/index.ts';
import { nextSendAttempt, SEND_MAX_ATTEMPTS, SEND_RETRY_AFTER_MAX_S, SEND_RETRY_DELAYS_S } from './retry.ts';
import { canTransitionSend, SEND_EVENTS, SEND_STATUSES, sendStatusesAllowing, transitionSend, type SendStatus } from './state-machine.ts';

describe('send state machine', () => {
  it('sends, retries a retriable error and sends again', () => {
    let status: SendStatus = 'queued';
    for (const event of ['claim', 'retry', 'claim', 'accept'] as const) status = transitionSend(status, event);
    expect(status).toBe('sent');
    expect(transitionSend(transitionSend('queued', 'claim'), 'fail')).toBe('failed');
  });

  it('cancels a queued or retrying send, never one in flight or finished', () => {
    expect(transitionSend('queued', 'cancel')).toBe('canceled');
    expect(transitionSend('retrying', 'cancel')).toBe('canceled');
    for (const status of ['sending', 'sent', 'failed', 'canceled'] as const) expect(canTransitionSend(status, 'cancel')).toBe(false);
    expect(() => transitionSend('sending', 'cancel')).toThrow('A send that is sending cannot be canceled.');
  });

  it('never leaves a final state', () => {
    for (const status of ['sent', 'failed', 'canceled'] as const) {
      for (const event of SEND_EVENTS) expect(canTransitionSend(status, event)).toBe(false);
    }
    expect(() => transitionSend('sent', 'claim')).toThrow(Invalid);
  });

  it('agrees with the SQL guard', () => {
    for (const event of SEND_EVENTS) {
      expect(sendStatusesAllowing(event).sort()).toEqual(SEND_STATUSES.filter((status) => canTransitionSend(status, event)).sort());
    }
  });

  it('reaches sent only through sending (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SEND_EVENTS), { maxLength: 20 }), (events) => {
        let status: SendStatus = 'queued';
        for (const event of events) {
          if (!canTransitionSend(status, event)) continue;
          const next = transitionSend(status, event);
          if (next === 'sent') expect(status).toBe('sending');
          status = next;
        }
      }),
    );
  });
});

describe('nextSendAttempt', () => {
  const now = new Date('2026-03-02T10:00:00Z');

  it('retries on the 300/900/3600 s schedule, then fails', () => {
    const delays = [1, 2, 3].map((attempts) => nextSendAttempt({ attempts, errorKind: 'retriable', now }));
    expect(delays).toEqual(SEND_RETRY_DELAYS_S.map((delayS) => ({ outcome: 'retry', delayS, at: new Date(now.getTime() + delayS * 1000) })));
    expect(nextSendAttempt({ attempts: SEND_MAX_ATTEMPTS, errorKind: 'retriable', now })).toEqual({ outcome: 'fail', reason: 'attempts_exhausted' });
  });

  it('fails a permanent error at once', () => {
    expect(nextSendAttempt({ attempts: 1, errorKind: 'permanent', now })).toEqual({ outcome: 'fail', reason: 'permanent_error' });
  });

  it("honours the provider's retry-after only when it is longer", () => {
    expect(nextSendAttempt({ attempts: 1, errorKind: 'retriable', retryAfterS: 30, now })).toMatchObject({ delayS: 300 });
    expect(nextSendAttempt({ attempts: 1, errorKind: 'retriable', retryAfterS: 1200.2, now })).toMatchObject({ delayS: 1201 });
    expect(nextSendAttempt({ attempts: 1, errorKind: 'retriable', retryAfterS: 10 * 86_400, now })).toMatchObject({ delayS: SEND_RETRY_AFTER_MAX_S });
    expect(nextSendAttempt({ attempts: 1, errorKind: 'retriable', retryAfterS: Number.NaN, now })).toMatchObject({ delayS: 300 });
  });

  it('never retries sooner than its schedule nor more than its attempts (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.option(fc.double({ min: -10, max: 200_000, noNaN: true }), { nil: undefined }), (attempts, retryAfterS) => {
        const decision = nextSendAttempt({ attempts, errorKind: 'retriable', retryAfterS, now });
        if (attempts >= SEND_MAX_ATTEMPTS) {
          expect(decision.outcome).toBe('fail');
          return;
        }
        if (decision.outcome !== 'retry') throw new Error('expected a retry');
        expect(decision.delayS).toBeGreaterThanOrEqual(SEND_RETRY_DELAYS_S[attempts - 1] ?? Infinity);
        expect(decision.delayS).toBeLessThanOrEqual(SEND_RETRY_AFTER_MAX_S);
        expect(decision.at.getTime() - now.getTime()).toBe(decision.delayS * 1000);
      }),
    );
  });
});
