import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors/index.ts';
import { callAttemptKey } from './attempt-key.ts';
import { calleeTimeZone, DEFAULT_CALLING_WINDOW, isWithinCallingWindow, nextCallingWindowOpening } from './calling-window.ts';
import {
  CALL_EVENTS,
  CALL_STATUSES,
  FINAL_CALL_STATUSES,
  callEventFor,
  callStatusesAllowing,
  canTransitionCall,
  transitionCall,
  type CallStatus,
} from './state-machine.ts';
import { DEFAULT_CALL_RETRY_POLICY, nextCallAttempt } from './retry.ts';
import { callOutcomeFromEndedReason, callStatusFromVapi } from './vapi-status.ts';

describe('call state machine', () => {
  it('walks queued → dialing → ringing → in_progress → completed', () => {
    let status: CallStatus = 'queued';
    for (const event of ['claim', 'ring', 'answer', 'complete'] as const) status = transitionCall(status, event);
    expect(status).toBe('completed');
  });

  it('cancels only a queued call; a dialing one may already ring', () => {
    expect(transitionCall('queued', 'cancel')).toBe('canceled');
    expect(() => transitionCall('dialing', 'cancel')).toThrow('A call that is dialing cannot be canceled.');
    expect(transitionCall('ringing', 'abort')).toBe('canceled');
  });

  it('gives a dialing call back to the queue (Vapi never took it), and nothing later', () => {
    expect(transitionCall('dialing', 'requeue')).toBe('queued');
    for (const status of ['queued', 'ringing', 'in_progress', ...FINAL_CALL_STATUSES] as const) expect(canTransitionCall(status, 'requeue')).toBe(false);
    expect(() => transitionCall('ringing', 'requeue')).toThrow('A call that is ringing cannot be returned to the queue.');
  });

  it('never leaves a final state', () => {
    for (const status of FINAL_CALL_STATUSES) {
      for (const event of CALL_EVENTS) expect(canTransitionCall(status, event)).toBe(false);
    }
    expect(() => transitionCall('completed', 'ring')).toThrow(Invalid);
  });

  it('agrees with the SQL guard', () => {
    for (const event of CALL_EVENTS) {
      expect(callStatusesAllowing(event).sort()).toEqual(CALL_STATUSES.filter((status) => canTransitionCall(status, event)).sort());
    }
  });
});

describe('callEventFor (provider reports, in any order)', () => {
  it('moves a call forward and ignores duplicates and late reports', () => {
    expect(callEventFor('dialing', 'ringing')).toBe('ring');
    expect(callEventFor('ringing', 'ringing')).toBeNull();
    expect(callEventFor('in_progress', 'ringing')).toBeNull();
    expect(callEventFor('dialing', 'in_progress')).toBe('answer');
    expect(callEventFor('ringing', 'voicemail')).toBe('reach_voicemail');
    expect(callEventFor('completed', 'ringing')).toBeNull();
    expect(callEventFor('no_answer', 'completed')).toBeNull();
    expect(callEventFor('dialing', 'dialing')).toBeNull();
  });

  it('never moves a call backwards, whatever order the reports arrive in (property)', () => {
    const rank = (status: CallStatus) => (FINAL_CALL_STATUSES as readonly string[]).includes(status) ? 4 : ['queued', 'dialing', 'ringing', 'in_progress'].indexOf(status);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CALL_STATUSES.filter((status) => status !== 'queued')), { maxLength: 15 }), (reports) => {
        let status: CallStatus = 'dialing';
        for (const reported of reports) {
          const event = callEventFor(status, reported);
          if (!event) continue;
          const next = transitionCall(status, event);
          expect(rank(next)).toBeGreaterThan(rank(status));
          expect(next).toBe(reported);
          status = next;
        }
      }),
    );
  });
});

describe('Vapi statuses and ended reasons', () => {
  it('maps Vapi statuses onto ours', () => {
    expect(callStatusFromVapi('queued')).toBe('dialing');
    expect(callStatusFromVapi('ringing')).toBe('ringing');
    expect(callStatusFromVapi('in-progress')).toBe('in_progress');
    expect(callStatusFromVapi('forwarding')).toBe('in_progress');
    expect(callStatusFromVapi('ended', 'customer-busy')).toBe('busy');
    expect(callStatusFromVapi('scheduled')).toBeNull();
    expect(callStatusFromVapi('not-found')).toBeNull();
    expect(callStatusFromVapi('something-new')).toBeNull();
  });

  it('reads how a call ended from endedReason', () => {
    expect(callOutcomeFromEndedReason('customer-busy')).toBe('busy');
    expect(callOutcomeFromEndedReason('customer-did-not-answer')).toBe('no_answer');
    expect(callOutcomeFromEndedReason('voicemail')).toBe('voicemail');
    for (const reason of ['customer-ended-call', 'assistant-ended-call', 'silence-timed-out', 'exceeded-max-duration', 'assistant-said-end-call-phrase']) {
      expect(callOutcomeFromEndedReason(reason), reason).toBe('completed');
    }
    expect(callOutcomeFromEndedReason('manually-canceled')).toBe('canceled');
    for (const reason of ['pipeline-error-openai-llm-failed', 'call.in-progress.error-vapifault-openai-llm-failed', 'twilio-failed-to-connect-call', 'worker-shutdown', 'a-reason-vapi-adds-later', null, undefined, '']) {
      expect(callOutcomeFromEndedReason(reason), String(reason)).toBe('failed');
    }
  });
});

describe('calling window', () => {
  // Monday 2026-11-30.
  it('is open 9:00–17:00 on weekdays on the callee’s clock', () => {
    const chicago = calleeTimeZone({ country: 'US', region: 'Texas' }, 'UTC');
    expect(chicago).toBe('America/Chicago');
    expect(isWithinCallingWindow(DEFAULT_CALLING_WINDOW, chicago, new Date('2026-11-30T15:00:00Z'))).toBe(true); // 09:00
    expect(isWithinCallingWindow(DEFAULT_CALLING_WINDOW, chicago, new Date('2026-11-30T14:59:00Z'))).toBe(false); // 08:59
    expect(isWithinCallingWindow(DEFAULT_CALLING_WINDOW, chicago, new Date('2026-11-30T23:00:00Z'))).toBe(false); // 17:00
    expect(isWithinCallingWindow(DEFAULT_CALLING_WINDOW, chicago, new Date('2026-12-05T16:00:00Z'))).toBe(false); // Saturday
  });

  it('reads the zone from the phone number when the lead has no country', () => {
    expect(calleeTimeZone({ phone: '+493012345678' }, 'America/New_York')).toBe('Europe/Berlin');
    expect(calleeTimeZone({ phone: null }, 'America/New_York')).toBe('America/New_York');
    expect(calleeTimeZone({ country: 'DE', phone: '+14155550100' }, 'UTC')).toBe('Europe/Berlin');
    // A lead with a region but no country: the number's country and the lead's region, not the campaign's zone.
    expect(calleeTimeZone({ region: 'TX', phone: '+15125550178' }, 'UTC')).toBe('America/Chicago');
    expect(calleeTimeZone({ region: null, phone: '+15125550178' }, 'UTC')).toBe('UTC');
  });

  it('opens next on Monday morning after a Friday evening', () => {
    const fridayEvening = new Date('2026-12-04T18:00:00Z'); // 19:00 in Berlin
    expect(nextCallingWindowOpening(DEFAULT_CALLING_WINDOW, 'Europe/Berlin', fridayEvening).toISOString()).toBe('2026-12-07T08:00:00.000Z');
  });
});

describe('callAttemptKey', () => {
  it('is one key per enrolment, step and attempt for a sequence’s call step, apart from the campaign’s own', () => {
    const step = { enrolmentId: 'e1', stepId: 'call' };
    const key = callAttemptKey({ campaignId: 'c1', leadId: 'l1', attempt: 1, sequenceStep: step });
    expect(key).toBe('call:sequence:e1:call:1');
    expect(key).not.toBe(callAttemptKey({ campaignId: 'c1', leadId: 'l1', attempt: 1 }));
    expect(key).not.toBe(callAttemptKey({ campaignId: 'c1', leadId: 'l1', attempt: 1, sequenceStep: { enrolmentId: 'e1', stepId: 'call-2' } }));
  });

  it('is one key per campaign, lead and attempt', () => {
    const key = callAttemptKey({ campaignId: 'c1', leadId: 'l1', attempt: 1 });
    expect(key).toBe(callAttemptKey({ campaignId: 'c1', leadId: 'l1', attempt: 1 }));
    expect(key).not.toBe(callAttemptKey({ campaignId: 'c1', leadId: 'l1', attempt: 2 }));
    expect(() => callAttemptKey({ campaignId: 'c1', leadId: 'l1', attempt: 0 })).toThrow(RangeError);
  });
});

describe('nextCallAttempt (retries)', () => {
  const endedAt = new Date('2026-11-30T15:00:00Z');
  it('retries no answer and busy after the spacing, up to the campaign’s attempts', () => {
    expect(DEFAULT_CALL_RETRY_POLICY).toEqual({ maxAttempts: 3, spacingMinutes: 240 });
    expect(nextCallAttempt(DEFAULT_CALL_RETRY_POLICY, { outcome: 'no_answer', attempt: 1, endedAt })).toEqual({ attempt: 2, notBefore: new Date('2026-11-30T19:00:00Z') });
    expect(nextCallAttempt({ maxAttempts: 3, spacingMinutes: 30 }, { outcome: 'busy', attempt: 2, endedAt })).toEqual({ attempt: 3, notBefore: new Date('2026-11-30T15:30:00Z') });
    expect(nextCallAttempt(DEFAULT_CALL_RETRY_POLICY, { outcome: 'busy', attempt: 3, endedAt })).toBeNull();
    expect(nextCallAttempt({ maxAttempts: 1, spacingMinutes: 30 }, { outcome: 'no_answer', attempt: 1, endedAt })).toBeNull();
  });

  it('does not retry a call that was answered, reached voicemail, failed or was canceled', () => {
    for (const outcome of ['completed', 'voicemail', 'failed', 'canceled'] as const) expect(nextCallAttempt(DEFAULT_CALL_RETRY_POLICY, { outcome, attempt: 1, endedAt })).toBeNull();
  });
});
