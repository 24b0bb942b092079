import { describe, expect, it } from 'vitest';
import {
  canTransitionEnrolment,
  ENROLMENT_EVENTS,
  ENROLMENT_STATUSES,
  enrolmentStatusesAllowing,
  transitionEnrolment,
} from './enrolment-state-machine.ts';

describe('enrolment state machine', () => {
  it('pauses and resumes with the campaign, completes or stops', () => {
    expect(transitionEnrolment(transitionEnrolment('active', 'pause'), 'resume')).toBe('active');
    expect(transitionEnrolment('active', 'complete')).toBe('completed');
    expect(transitionEnrolment('paused', 'stop')).toBe('stopped');
  });

  it('never completes while paused and never leaves an end', () => {
    expect(() => transitionEnrolment('paused', 'complete')).toThrow('A lead enrolment that is paused cannot be completed.');
    for (const status of ['completed', 'stopped'] as const) for (const event of ENROLMENT_EVENTS) expect(canTransitionEnrolment(status, event)).toBe(false);
  });

  it('agrees with the SQL guard', () => {
    for (const event of ENROLMENT_EVENTS) {
      expect(enrolmentStatusesAllowing(event).sort()).toEqual(ENROLMENT_STATUSES.filter((status) => canTransitionEnrolment(status, event)).sort());
    }
  });
});
