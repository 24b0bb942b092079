import { describe, expect, it } from 'vitest';
import { callQueueBlocker, describeCallQueueBlockers, type CallQueueFacts } from './queue-blockers.ts';

const facts = (over: Partial<CallQueueFacts>): CallQueueFacts => ({ status: 'approved', hasPhone: true, callHere: 'none', openCallElsewhere: false, count: 1, ...over });

describe('callQueueBlocker', () => {
  it('lets through only an approved lead with a phone and no call here or open elsewhere', () => {
    expect(callQueueBlocker(facts({}))).toBeNull();
    expect(callQueueBlocker(facts({ hasPhone: false }))).toBe('no_phone');
    expect(callQueueBlocker(facts({ callHere: 'open' }))).toBe('call_queued');
    expect(callQueueBlocker(facts({ callHere: 'ended' }))).toBe('called');
    expect(callQueueBlocker(facts({ openCallElsewhere: true }))).toBe('call_elsewhere');
    expect(callQueueBlocker(facts({ status: 'pending_review' }))).toBe('not_approved');
    expect(callQueueBlocker(facts({ status: 'replied' }))).toBe('finished');
  });

  it('counts a lead in the sequence without a call as waiting for its call step, not as called', () => {
    expect(callQueueBlocker(facts({ status: 'in_outreach' }))).toBe('in_sequence');
    expect(callQueueBlocker(facts({ status: 'in_outreach', hasPhone: false }))).toBe('in_sequence');
    expect(callQueueBlocker(facts({ status: 'in_outreach', callHere: 'open' }))).toBe('call_queued');
  });
});

describe('describeCallQueueBlockers', () => {
  it('says each reason with its count, most common first, with thousands separated', () => {
    const groups = [facts({ status: 'in_outreach', count: 2000 }), facts({ status: 'in_outreach', hasPhone: false, count: 40 }), facts({ hasPhone: false, count: 1 }), facts({ callHere: 'ended', count: 3 }), facts({ count: 0 })];
    expect(describeCallQueueBlockers(groups)).toEqual([
      '2,040 leads are in the sequence and not yet at a call step (the sequence queues their calls when they get there).',
      '3 leads were already called in this campaign.',
      '1 approved lead has no phone number.',
    ]);
  });

  it('does not promise a call step the sequence does not have', () => {
    expect(describeCallQueueBlockers([facts({ status: 'in_outreach', count: 5 })], { sequenceHasCallStep: false })).toEqual([
      '5 leads are in the sequence, which has no call step (only approved leads not in it are queued here).',
    ]);
  });

  it('says when the campaign has no leads', () => {
    expect(describeCallQueueBlockers([])).toEqual(['The campaign has no leads yet.']);
  });
});
