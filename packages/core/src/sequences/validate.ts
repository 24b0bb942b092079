import type { SequenceStep } from './schema.ts';

export interface SequenceProblem {
  /** Where in `{ steps }` the problem is, for a form to show it beside the step. */
  path: (string | number)[];
  message: string;
}

/** More steps than this is a drip campaign, not a cold sequence; it also bounds the planner's walk. */
export const SEQUENCE_MAX_STEPS = 20;

/** The indexes a step can lead to; a goto to a missing id leads nowhere (reported separately). */
export function stepSuccessors(steps: readonly SequenceStep[], index: number, indexById: ReadonlyMap<string, number>): number[] {
  const step = steps[index];
  if (!step) return [];
  const next = index + 1 < steps.length ? [index + 1] : [];
  if (step.type !== 'branch') return next;
  const targets = [step.then, step.otherwise];
  const successors: number[] = [];
  for (const target of targets) {
    if (target === undefined) successors.push(...next);
    else if (target.action === 'goto') {
      const found = indexById.get(target.stepId);
      if (found !== undefined) successors.push(found);
    }
  }
  return [...new Set(successors)];
}

/**
 * What makes a sequence unplannable or unsafe: no steps, duplicate ids, a goto to nowhere, a loop
 * that could spin without waiting, a loop that would send the same email or place the same call twice
 * (a send, and a call step's call, is unique per enrolment × step).
 */
export function sequenceProblems(steps: readonly SequenceStep[]): SequenceProblem[] {
  const problems: SequenceProblem[] = [];
  if (steps.length === 0) return [{ path: ['steps'], message: 'Add at least one step' }];
  if (steps.length > SEQUENCE_MAX_STEPS) problems.push({ path: ['steps'], message: `A sequence has at most ${SEQUENCE_MAX_STEPS} steps` });
  if (!steps.some((step) => step.type === 'email' || step.type === 'contact_form')) problems.push({ path: ['steps'], message: 'Add at least one email or contact form step' });

  const indexById = new Map<string, number>();
  steps.forEach((step, index) => {
    if (indexById.has(step.id)) problems.push({ path: ['steps', index, 'id'], message: `Step id "${step.id}" is used twice` });
    else indexById.set(step.id, index);
  });

  steps.forEach((step, index) => {
    if (step.type !== 'branch') return;
    for (const key of ['then', 'otherwise'] as const) {
      const target = step[key];
      if (target?.action === 'goto' && !indexById.has(target.stepId)) {
        problems.push({ path: ['steps', index, key, 'stepId'], message: `Step "${step.id}" goes to step "${target.stepId}", which does not exist` });
      }
    }
  });

  // Exact, via strongly connected components: a loop without a wait is a loop among the other steps.
  const all = steps.map((_, index) => index);
  for (const loop of loops(all, (index) => stepSuccessors(steps, index, indexById))) {
    if (loop.some((index) => steps[index]?.type === 'email' || steps[index]?.type === 'contact_form')) {
      problems.push({ path: ['steps', loop[0] ?? 0], message: `Steps ${names(steps, loop)} loop through an email or contact form step, which can be sent only once per lead` });
    } else if (loop.some((index) => steps[index]?.type === 'call')) {
      problems.push({ path: ['steps', loop[0] ?? 0], message: `Steps ${names(steps, loop)} loop through a call step, which calls a lead only once` });
    }
  }
  const notWaits = all.filter((index) => steps[index]?.type !== 'wait');
  const followNotWaits = (index: number) => stepSuccessors(steps, index, indexById).filter((next) => steps[next]?.type !== 'wait');
  for (const loop of loops(notWaits, followNotWaits)) {
    problems.push({ path: ['steps', loop[0] ?? 0], message: `Steps ${names(steps, loop)} loop without a wait` });
  }
  return problems;
}

const names = (steps: readonly SequenceStep[], loop: number[]) => loop.map((index) => `"${steps[index]?.id}"`).join(', ');

/** The groups of nodes that lie on a cycle (Tarjan's strongly connected components, size > 1 or a self-loop), each sorted. */
function loops(nodes: readonly number[], successors: (node: number) => number[]): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const found: number[][] = [];
  let counter = 0;
  const connect = (node: number) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of successors(node)) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: number[] = [];
    let member: number | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || successors(node).includes(node)) found.push(component.sort((a, b) => a - b));
  };
  for (const node of nodes) if (!index.has(node)) connect(node);
  return found;
}
