import type { Sequence } from '../sequences/schema.ts';
import type { TemplateProblem } from './fields.ts';
import { lintTemplate } from './lint.ts';

export interface StepLint {
  stepId: string;
  /** 1-based, as the editor numbers steps. */
  number: number;
  problems: TemplateProblem[];
}

/** The lint problems of every email and contact form step that has any, in step order. */
export function lintSequence(sequence: Sequence): StepLint[] {
  return sequence.steps.flatMap((step, index) => {
    const problems = step.type === 'email' ? lintTemplate(step) : step.type === 'contact_form' ? lintTemplate(step, { channel: 'form' }) : [];
    return problems.length > 0 ? [{ stepId: step.id, number: index + 1, problems }] : [];
  });
}

/** "Step 3 (follow-up-1), body: Add the unsubscribe link …": one sentence per problem, naming the step. */
export function describeStepLint(lint: StepLint): string[] {
  return lint.problems.map((problem) => `Step ${lint.number} (${lint.stepId}), ${problem.part}: ${problem.message}`);
}
