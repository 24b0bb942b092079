import type { ZodError } from 'zod';

import { z } from 'zod';

type Issue = ZodError['issues'][number];

// An array of 100,000 wrong items is 100,000 issues: the answer names the first twenty (enough for a
// whole form's missing fields and the one bad character among them), never megabytes of them.
const MAX_PROBLEMS_NAMED = 20;

/**
 * A readable sentence for a refused input, naming each field: "name: Cannot contain a NUL character
 * (U+0000)." API clients read this; forms use the per-field errors in the response's data instead.
 */
export function inputErrorMessage(error: ZodError): string {
  const problems = [...new Set(error.issues.map(describeIssue))];
  const named = problems.slice(0, MAX_PROBLEMS_NAMED).join(' ');
  const more = problems.length - MAX_PROBLEMS_NAMED;
  return more > 0 ? `${named} (and ${more} more ${more === 1 ? 'problem' : 'problems'})` : named;
}

/** The per-field errors forms show (zod's flattened shape), each field's messages said once and at most a few. */
export function inputFieldErrors(error: ZodError): { formErrors: string[]; fieldErrors: Record<string, string[]> } {
  const flat = z.flattenError(error);
  const few = (messages: string[] | undefined) => [...new Set(messages ?? [])].slice(0, MAX_PROBLEMS_NAMED);
  return {
    formErrors: few(flat.formErrors),
    fieldErrors: Object.fromEntries(Object.entries(flat.fieldErrors as Record<string, string[] | undefined>).map(([field, messages]) => [field, few(messages)])),
  };
}

function describeIssue(issue: Issue): string {
  // A refused record key is the last step of its path: name the record, never echo the bad key.
  const keyProblem = issue.code === 'invalid_key';
  const path = keyProblem ? issue.path.slice(0, -1) : issue.path;
  const message = keyProblem ? `A key: ${issue.issues.map((inner) => inner.message).join(' ')}` : issue.message;
  return path.length > 0 ? `${path.map(String).join('.')}: ${message}` : message;
}
