import type { Sequence } from '../sequences/schema.ts';
import type { TemplateProblem } from './fields.ts';
import { lintTemplate } from './lint.ts';

export interface StepLint {
  stepId: string;
  /** 1-based, as the editor numbers steps. */
  number: number;
  problems: TemplateProblem[];
}

/** The lint problems of every email step that has any, in step order. */
export function lintSequence(sequence: Sequence): StepLint[] {
  return sequence.steps.flatMap((step, index) =>
    step.type === 'email' ? [{ stepId: step.id, number: index + 1, problems: lintTemplate(step) }].filter((lint) => lint.problems.length > 0) : [],
  );
}

/** "Step 3 (follow-up-1), body: Add the unsubscribe link …": one sentence per problem, naming the step. */
export function describeStepLint(lint: StepLint): string[] {
  return lint.problems.map((problem) => `Step ${lint.number} (${lint.stepId}), ${problem.part}: ${problem.message}`);
}
