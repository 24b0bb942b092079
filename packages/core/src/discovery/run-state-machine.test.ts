import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors/index.ts';
import {
  canTransitionDiscoveryRun,
  DISCOVERY_RUN_EVENTS,
  DISCOVERY_RUN_STATUSES,
  discoveryRunEventTarget,
  discoveryRunStatusesAllowing,
  transitionDiscoveryRun,
} from './run-state-machine.ts';

describe('discovery run state machine', () => {
  it('pauses a running run, resumes it and finishes it', () => {
    let status = transitionDiscoveryRun('running', 'pause');
    expect(status).toBe('paused');
    status = transitionDiscoveryRun(status, 'resume');
    expect(status).toBe('running');
    expect(transitionDiscoveryRun(status, 'finish')).toBe('done');
  });

  it('cancels a running or a paused run', () => {
    expect(transitionDiscoveryRun('running', 'cancel')).toBe('cancelled');
    expect(transitionDiscoveryRun('paused', 'cancel')).toBe('cancelled');
  });

  it('keeps done and cancelled runs final', () => {
    for (const from of ['done', 'cancelled'] as const) {
      for (const event of DISCOVERY_RUN_EVENTS) expect(canTransitionDiscoveryRun(from, event)).toBe(false);
    }
  });

  it('does not finish a paused run: it waits for resume, which then finishes it if nothing is left', () => {
    expect(canTransitionDiscoveryRun('paused', 'finish')).toBe(false);
  });

  it('explains an invalid transition in words', () => {
    expect(() => transitionDiscoveryRun('paused', 'pause')).toThrow(Invalid);
    expect(() => transitionDiscoveryRun('done', 'pause')).toThrow('A discovery run that is done cannot be paused.');
    expect(() => transitionDiscoveryRun('running', 'resume')).toThrow('A discovery run that is running cannot be resumed.');
  });

  it('agrees with the SQL guard: the statuses allowing an event are exactly those it can leave', () => {
    for (const event of DISCOVERY_RUN_EVENTS) {
      expect(discoveryRunStatusesAllowing(event).sort()).toEqual(DISCOVERY_RUN_STATUSES.filter((from) => canTransitionDiscoveryRun(from, event)).sort());
      for (const from of discoveryRunStatusesAllowing(event)) expect(transitionDiscoveryRun(from, event)).toBe(discoveryRunEventTarget(event));
    }
  });

  it('hands out copies, so a caller cannot change the rules', () => {
    discoveryRunStatusesAllowing('pause').push('done');
    expect(canTransitionDiscoveryRun('done', 'pause')).toBe(false);
  });
});
