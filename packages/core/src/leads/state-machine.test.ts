import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors/index.ts';
import { canTransitionLead, LEAD_EVENTS, LEAD_STATUSES, leadStatusesAllowing, transitionLead, type LeadStatus } from './state-machine.ts';

describe('lead state machine', () => {
  it('walks a lead from discovery to conversion', () => {
    let status: LeadStatus = 'discovered';
    for (const event of ['enrich', 'queue_for_review', 'approve', 'start_outreach', 'mark_replied', 'convert'] as const) {
      status = transitionLead(status, event);
    }
    expect(status).toBe('converted');
  });

  it('reaches outreach only through a human approval', () => {
    for (const from of LEAD_STATUSES) {
      if (from !== 'approved') expect(canTransitionLead(from, 'start_outreach')).toBe(false);
    }
    const intoApproved = LEAD_EVENTS.filter((event) => LEAD_STATUSES.some((from) => canTransitionLead(from, event) && transitionLead(from, event) === 'approved'));
    expect(intoApproved).toEqual(['approve']);
  });

  it('explains an invalid transition in words', () => {
    expect(() => transitionLead('pending_review', 'start_outreach')).toThrow(Invalid);
    expect(() => transitionLead('pending_review', 'start_outreach')).toThrow('A lead that is pending review cannot be moved to outreach.');
    expect(() => transitionLead('approved', 'approve')).toThrow('A lead that is approved cannot be approved.');
  });

  it('lets rejected and approved leads be reopened, and closes anything not finished', () => {
    expect(transitionLead('rejected', 'reopen')).toBe('pending_review');
    expect(transitionLead('approved', 'reopen')).toBe('pending_review');
    expect(transitionLead('discovered', 'close')).toBe('closed');
    expect(canTransitionLead('closed', 'close')).toBe(false);
    expect(canTransitionLead('converted', 'close')).toBe(false);
  });

  it('agrees with the SQL guard: the statuses allowing an event are exactly those it can leave', () => {
    for (const event of LEAD_EVENTS) {
      expect(leadStatusesAllowing(event).sort()).toEqual(LEAD_STATUSES.filter((from) => canTransitionLead(from, event)).sort());
    }
  });

  it('always yields a valid status or a clear refusal (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LEAD_STATUSES), fc.array(fc.constantFrom(...LEAD_EVENTS), { maxLength: 30 }), (start, events) => {
        let status: LeadStatus = start;
        for (const event of events) {
          if (canTransitionLead(status, event)) {
            status = transitionLead(status, event);
            expect(LEAD_STATUSES).toContain(status);
          } else {
            expect(() => transitionLead(status, event)).toThrow(Invalid);
          }
        }
      }),
    );
  });
});
