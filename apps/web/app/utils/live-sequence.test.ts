import { defaultSequence } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import type { Step } from '../components/sequence-step-editors.tsx';
import { followStoredSequence, liveSequenceOf, stepKeys } from './live-sequence.ts';

const v1 = { version: 1, steps: defaultSequence({ followUps: 1 }).steps as Step[] };
const ids = (steps: readonly Step[]) => steps.map((step) => step.id);
const inserted: Step = { id: 'wait-9', type: 'wait', businessDays: 2 };

describe('the sequence editor following saves made elsewhere', () => {
  it('becomes the new version when nobody typed anything', () => {
    const v2 = { version: 2, steps: v1.steps.slice(0, 2) };
    expect(followStoredSequence(liveSequenceOf(v1), v2, new Set())).toEqual(liveSequenceOf(v2));
  });

  it('shows steps inserted before the one being edited, and saves from the new version when that step was left alone', () => {
    const v2 = { version: 2, steps: [v1.steps[0]!, inserted, ...v1.steps.slice(1)] };
    const next = followStoredSequence(liveSequenceOf(v1), v2, new Set(['follow-up-1']));
    expect(ids(next.steps)).toEqual(['first-email', 'wait-9', 'wait-1', 'if-replied-1', 'follow-up-1']);
    expect(next).toMatchObject({ baseVersion: 2, conflicts: {}, savedElsewhere: 2 });
  });

  it('keeps a removed step being edited where it was and marks it, and keeps the old base version so a save asks', () => {
    const v2 = { version: 2, steps: v1.steps.filter((step) => step.id !== 'wait-1') };
    const next = followStoredSequence(liveSequenceOf(v1), v2, new Set(['wait-1']));
    expect(ids(next.steps)).toEqual(ids(v1.steps));
    expect(next).toMatchObject({ baseVersion: 1, conflicts: { 'wait-1': 'removed' }, savedElsewhere: 2 });
    // Still marked after one more save elsewhere, and still saved against version 1.
    const v3 = { version: 3, steps: [inserted, ...v2.steps] };
    const later = followStoredSequence(next, v3, new Set(['wait-1']));
    expect(ids(later.steps)).toEqual(['wait-9', 'first-email', 'wait-1', 'if-replied-1', 'follow-up-1']);
    expect(later).toMatchObject({ baseVersion: 1, conflicts: { 'wait-1': 'removed' }, savedElsewhere: 3 });
  });

  it('marks a step being edited that someone else changed', () => {
    const v2 = { version: 2, steps: v1.steps.map((step) => (step.id === 'wait-1' ? { ...step, businessDays: 7 } : step)) };
    const next = followStoredSequence(liveSequenceOf(v1), v2, new Set(['wait-1', 'first-email']));
    expect(next).toMatchObject({ baseVersion: 1, conflicts: { 'wait-1': 'changed' }, steps: v2.steps });
  });

  it('changes nothing on a reload of the same version', () => {
    const state = liveSequenceOf(v1);
    expect(followStoredSequence(state, { version: 1, steps: [...v1.steps] }, new Set(['wait-1']))).toBe(state);
  });

  it('keys steps by id, and a repeated id apart', () => {
    expect(stepKeys([inserted, v1.steps[0]!, inserted])).toEqual(['wait-9', 'first-email', 'wait-9#2']);
  });
});
