import { useRef, useState } from 'react';
import type { Step } from '../components/sequence-step-editors.tsx';

// The outreach page reloads when someone else saves the campaign's sequence. The editor's inputs are
// uncontrolled and keyed by step id, so what someone typed stays in its step; this decides which steps
// the form shows then, and which version its save is checked against (the API refuses a stale one).

/** Why a step someone is editing is marked: a save elsewhere changed it, or removed it (it is kept, with their text). */
export type StepConflict = 'changed' | 'removed';

export interface LiveSequence {
  /** The stored version last loaded, and its steps: what the next save elsewhere is compared with. */
  loadedVersion: number;
  loaded: readonly Step[];
  /** The steps the form shows. */
  steps: readonly Step[];
  /** The version the form's save is checked against. */
  baseVersion: number;
  /** Steps being edited that a save elsewhere changed or removed, by step id. */
  conflicts: Readonly<Record<string, StepConflict>>;
  /** The version someone else saved while this form had unsaved text, once one has. */
  savedElsewhere: number | null;
}

export function liveSequenceOf(stored: { version: number; steps: readonly Step[] }): LiveSequence {
  return { loadedVersion: stored.version, loaded: stored.steps, steps: stored.steps, baseVersion: stored.version, conflicts: {}, savedElsewhere: null };
}

const sameStep = (a: Step, b: Step) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The form after another version was loaded, given the ids of the steps someone typed in. Untouched, the
 * form simply becomes that version. Otherwise it shows the new steps in their new order, plus any step
 * being edited that the save removed (where it was), and the typed text stays in its step. When the save
 * changed or removed a step being edited, the form keeps its old base version, so "Save sequence" is
 * refused and asks instead of silently replacing the other person's step (or their text).
 */
export function followStoredSequence(state: LiveSequence, stored: { version: number; steps: readonly Step[] }, touched: ReadonlySet<string>): LiveSequence {
  if (stored.version === state.loadedVersion) return state;
  const editing = state.steps.filter((step) => touched.has(step.id));
  if (editing.length === 0 && Object.keys(state.conflicts).length === 0) return liveSequenceOf(stored);

  const storedById = new Map(stored.steps.map((step) => [step.id, step]));
  const loadedById = new Map(state.loaded.map((step) => [step.id, step]));
  const conflicts: Record<string, StepConflict> = {};
  for (const step of state.steps) {
    const before = loadedById.get(step.id);
    const after = storedById.get(step.id);
    const earlier = state.conflicts[step.id];
    if (!after && (touched.has(step.id) || earlier)) conflicts[step.id] = 'removed';
    else if (after && (earlier || (touched.has(step.id) && before && !sameStep(before, after)))) conflicts[step.id] = 'changed';
  }

  // A removed step being edited stays, right after the step it followed (or first).
  const steps = [...stored.steps];
  state.steps.forEach((step, index) => {
    if (conflicts[step.id] !== 'removed') return;
    const previous = state.steps.slice(0, index).reverse().find((other) => steps.some((shown) => shown.id === other.id));
    steps.splice(previous ? steps.findIndex((shown) => shown.id === previous.id) + 1 : 0, 0, step);
  });
  const clean = Object.keys(conflicts).length === 0;
  return {
    loadedVersion: stored.version,
    loaded: stored.steps,
    steps,
    baseVersion: clean ? stored.version : state.baseVersion,
    conflicts,
    savedElsewhere: stored.version,
  };
}

/**
 * React keys for steps: the step id, which a sequence never repeats (a new step gets a free one when added).
 * A posted form could still repeat one; those get a suffix, so React never mixes two steps up.
 */
export function stepKeys(steps: readonly Step[]): string[] {
  const seen = new Map<string, number>();
  return steps.map((step) => {
    const count = (seen.get(step.id) ?? 0) + 1;
    seen.set(step.id, count);
    return count === 1 ? step.id : `${step.id}#${count}`;
  });
}

/**
 * The live form state for the stored sequence while `following` (no posted form on show), with `touch` to
 * call when someone types in a step and `forget` when the form is posted (what was typed went with it).
 */
export function useLiveSequence(stored: { version: number; steps: readonly Step[] }, following: boolean) {
  const touched = useRef(new Set<string>());
  const [state, setState] = useState(() => ({ live: liveSequenceOf(stored), paused: !following }));
  let next = state;
  if (!following) {
    if (!state.paused) next = { ...state, paused: true };
  } else if (state.paused) {
    // Back from a posted form (a navigation cleared it): start again from what is stored.
    touched.current.clear();
    next = { live: liveSequenceOf(stored), paused: false };
  } else {
    const live = followStoredSequence(state.live, stored, touched.current);
    if (live !== state.live) next = { live, paused: false };
  }
  if (next !== state) setState(next);
  return {
    live: next.live,
    touch: (stepId: string) => touched.current.add(stepId),
    forget: () => touched.current.clear(),
  };
}
