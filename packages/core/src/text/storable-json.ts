import { textProblem } from './safe-text.ts';

/** Nesting a provider's message may have: Vapi's and Resend's are a handful of levels deep. */
export const STORABLE_JSON_MAX_DEPTH = 64;

/**
 * Why parsed JSON (a webhook's body) cannot be stored as jsonb, or null when it can: Postgres refuses
 * a NUL or a lone surrogate in any string or key, and very deep nesting exhausts its stack (and ours).
 * Walks iteratively, so the depth of what it is given cannot overflow this walk either.
 */
export function storableJsonProblem(value: unknown, maxDepth = STORABLE_JSON_MAX_DEPTH): string | null {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return problem;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return `Nested more than ${maxDepth} levels deep.`;
    if (Array.isArray(current)) {
      for (const item of current) pending.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const problem = textProblem(key);
      if (problem) return problem;
      pending.push({ value: item, depth: depth + 1 });
    }
  }
  return null;
}
