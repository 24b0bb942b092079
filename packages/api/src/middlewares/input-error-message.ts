import type { ZodError } from 'zod';

type Issue = ZodError['issues'][number];

/**
 * A readable sentence for a refused input, naming each field: "name: Cannot contain a NUL character
 * (U+0000)." API clients read this; forms use the per-field errors in the response's data instead.
 */
export function inputErrorMessage(error: ZodError): string {
  return [...new Set(error.issues.map(describeIssue))].join(' ');
}

function describeIssue(issue: Issue): string {
  // A refused record key is the last step of its path: name the record, never echo the bad key.
  const keyProblem = issue.code === 'invalid_key';
  const path = keyProblem ? issue.path.slice(0, -1) : issue.path;
  const message = keyProblem ? `A key: ${issue.issues.map((inner) => inner.message).join(' ')}` : issue.message;
  return path.length > 0 ? `${path.map(String).join('.')}: ${message}` : message;
}
